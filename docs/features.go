package docs

import "slices"

// Feature names that change how qmpdash presents a command, member or enum
// value. Other features exist (e.g. "json-cli") and are kept verbatim in
// the Features fields.
const (
	// FeatureDeprecated marks something QEMU plans to remove.
	FeatureDeprecated = "deprecated"
	// FeatureUnstable marks something experimental whose interface may
	// change without the usual deprecation period.
	FeatureUnstable = "unstable"
)

// HasFeature reports whether features contains f.
func HasFeature(features []string, f string) bool {
	return slices.Contains(features, f)
}

// Badge is a feature worth a warning in a definition's header: the
// definition's own (Members empty) or that of some of its arguments, named
// in Members.
type Badge struct {
	Feature string
	Members []string
}

// Badges lists what the live schema marks deprecated or unstable: the
// command or event itself first, then, per feature, the top-level
// arguments (union branch members included) that carry it. Only the
// schema's features count: the documentation's Features section covers a
// definition and its members alike, so it cannot tell which one a feature
// is on, and without a schema there are no badges.
func (d *CommandDoc) Badges() []Badge {
	var out []Badge
	for _, f := range []string{FeatureDeprecated, FeatureUnstable} {
		if HasFeature(d.Features, f) {
			out = append(out, Badge{Feature: f})
		}
	}
	for _, f := range []string{FeatureDeprecated, FeatureUnstable} {
		var members []string
		for _, a := range d.Args {
			if HasFeature(a.Features, f) && !slices.Contains(members, a.Name) {
				members = append(members, a.Name)
			}
		}
		if len(members) > 0 {
			out = append(out, Badge{Feature: f, Members: members})
		}
	}
	return out
}
