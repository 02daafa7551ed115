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
