package views

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/docs"
)

// docEntry is one entry of the documentation overlay: what Describe found
// for a name, with what the overlay shows around it.
type docEntry struct {
	doc *docs.CommandDoc
	// schema finds the events the text mentions; nil without one.
	schema *docs.Schema
	// note warns about the documentation, e.g. a version mismatch.
	note string
}

// Column caps of the argument table: one long name or type must not push
// the rest to the right edge.
const (
	maxArgNameCells = 24
	maxArgTypeCells = 30
)

// renderDoc lays out an entry for width cells: a header with the kind,
// version and badges, the summary and description, the argument table,
// returns, errors, features, notes, examples, the events the text
// mentions, and where the text came from. Everything is styled by the
// theme and drawn by DrawLine, so documentation text is never markup.
func renderDoc(e docEntry, th Theme, width int) []Line {
	width = max(width, 20)
	d := e.doc
	r := d.Ref
	if r == nil {
		r = &docs.Ref{}
	}
	out := []Line{docHeader(d, r, th)}
	if !d.InSchema {
		out = append(out, Line{{Text: "Not offered by the connected monitor.", Style: th.Warning}})
	}
	if e.note != "" {
		out = append(out, Line{{Text: e.note, Style: th.Warning}})
	}
	out = append(out, Line{})
	if r.Summary != "" {
		out = append(out, wrapWords(r.Summary, width, "", "", th.Title)...)
	}
	if body := trimSummary(r.Body, r.Summary); body != "" {
		out = append(append(out, Line{}), wrapProse(body, width, "", th.Base)...)
	}
	out = append(out, argTable(d, th, width)...)
	if returns := liveReturns(e); returns != "" || r.Returns != "" {
		out = append(out, Line{}, Line{{Text: "Returns ", Style: th.Title}, {Text: returns, Style: th.String}})
		out = append(out, wrapProse(r.Returns, width, "  ", th.Base)...)
	}
	out = append(out, proseSection("Errors", r.Errors, th, width)...)
	for _, f := range r.Features {
		out = append(out, proseSection("Feature "+f.Name, f.Description, th, width)...)
	}
	for _, n := range r.Notes {
		out = append(out, proseSection("Note", n, th, width)...)
	}
	for i, ex := range r.Examples {
		out = append(out, Line{}, Line{{Text: fmt.Sprintf("Example %d", i+1), Style: th.Title}})
		out = append(out, exampleLines(ex, th)...)
	}
	if see := mentionedEvents(e); len(see) > 0 {
		out = append(out, Line{}, Line{{Text: "See also ", Style: th.Title}, {Text: strings.Join(see, ", "), Style: th.Key}})
	}
	out = append(out, Line{})
	switch {
	case !hasProse(d):
		out = append(out, wrapWords(docs.NoProseHint, width, "", "", th.Dim)...)
	case r.Source != "":
		src := "Source: " + r.Source
		if r.Version != "" {
			src += " (QEMU " + r.Version + ")"
		}
		out = append(out, wrapWords(src, width, "", "  ", th.Dim)...)
	}
	return out
}

// docHeader is the first line: name, kind, since and badges.
func docHeader(d *docs.CommandDoc, r *docs.Ref, th Theme) Line {
	l := Line{{Text: d.Name, Style: th.Title}, {Text: "  " + strings.ToLower(d.Kind.String()), Style: th.Dim}}
	if r.Since != "" {
		l = append(l, Span{Text: "  since " + r.Since, Style: th.Dim})
	}
	for _, b := range badges(d.Features, r.Features) {
		l = append(l, Span{Text: "  "}, Span{Text: " " + b + " ", Style: th.Warning.Reverse(true)})
	}
	return l
}

// badges lists the features worth a warning, from the live schema or,
// without one, from the documentation.
func badges(live []string, documented []docs.RefMember) []string {
	var out []string
	for _, f := range []string{docs.FeatureDeprecated, docs.FeatureUnstable} {
		has := docs.HasFeature(live, f)
		for _, m := range documented {
			has = has || m.Name == f
		}
		if has {
			out = append(out, f)
		}
	}
	return out
}

// argTable lists the arguments (event data members), common members
// first, then each union branch under its own heading.
func argTable(d *docs.CommandDoc, th Theme, width int) []Line {
	if len(d.Args) == 0 {
		return nil
	}
	title := "Arguments"
	if d.Kind == docs.RefEvent {
		title = "Data"
	}
	out := []Line{{}, {{Text: title, Style: th.Title}}}
	nameW, typeW := 0, 0
	for _, a := range d.Args {
		nameW = max(nameW, min(cellWidth(a.Name), maxArgNameCells))
		typeW = max(typeW, min(cellWidth(a.Type), maxArgTypeCells))
	}
	branch := ""
	for _, a := range d.Args {
		indent := "  "
		if a.Branch != "" {
			indent = "    "
		}
		if a.Branch != branch {
			branch = a.Branch
			out = append(out, Line{{Text: "  when " + branch, Style: th.Title}})
		}
		row := Line{
			{Text: indent + pad(a.Name, nameW+2), Style: th.Key},
			{Text: pad(a.Type, typeW+2), Style: th.String},
		}
		if a.Optional {
			row = append(row, Span{Text: "optional", Style: th.Dim})
		} else {
			row = append(row, Span{Text: "required", Style: th.Base})
		}
		for _, b := range badges(a.Features, nil) {
			row = append(row, Span{Text: "  " + b, Style: th.Warning})
		}
		out = append(out, row)
		out = append(out, wrapProse(a.Description, width, indent+"    ", th.Base)...)
		out = append(out, enumLines(a.Values, indent+"    ", th, width)...)
	}
	return out
}

// enumLines lists an argument's enum values: one line each when any has
// a description, else all on one wrapped line.
func enumLines(values []docs.ValueDoc, indent string, th Theme, width int) []Line {
	if len(values) == 0 {
		return nil
	}
	described := false
	for _, v := range values {
		described = described || v.Description != ""
	}
	if !described {
		names := make([]string, len(values))
		for i, v := range values {
			names[i] = v.Name + strings.Join(featureSuffix(v.Features), "")
		}
		return wrapWords("values: "+strings.Join(names, ", "), width, indent, indent+"  ", th.Dim)
	}
	var out []Line
	for _, v := range values {
		text := "- " + v.Name + strings.Join(featureSuffix(v.Features), "")
		if v.Description != "" {
			text += ": " + v.Description
		}
		out = append(out, wrapWords(text, width, indent, indent+"  ", th.Dim)...)
	}
	return out
}

// featureSuffix marks deprecated and unstable enum values.
func featureSuffix(features []string) []string {
	var out []string
	for _, b := range badges(features, nil) {
		out = append(out, " ("+b+")")
	}
	return out
}

// proseSection is a titled block of text; empty text gives nothing.
func proseSection(title, text string, th Theme, width int) []Line {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return append([]Line{{}, {{Text: title, Style: th.Title}}}, wrapProse(text, width, "  ", th.Base)...)
}

// trimSummary drops the summary from the front of body, where the
// documentation has it as the first sentence, so it is not shown twice.
// Line breaks may differ between the two, so words are compared.
func trimSummary(body, summary string) string {
	rest := strings.TrimSpace(body)
	if summary == "" {
		return rest
	}
	for _, w := range strings.Fields(summary) {
		rest = strings.TrimLeft(rest, " \t\n")
		if !strings.HasPrefix(rest, w) {
			return strings.TrimSpace(body)
		}
		rest = rest[len(w):]
	}
	return strings.TrimSpace(rest)
}

// hasProse reports whether the documentation said anything about d.
func hasProse(d *docs.CommandDoc) bool {
	if d.Ref != nil && (d.Ref.Summary != "" || d.Ref.Body != "") {
		return true
	}
	for _, a := range d.Args {
		if a.Description != "" {
			return true
		}
	}
	return false
}

// liveReturns is the live return type, "" for the empty object that
// commands without a result return: "Returns object" would mislead.
func liveReturns(e docEntry) string {
	if e.schema != nil {
		if c := e.schema.Command(e.doc.Name); c != nil && c.Returns != nil &&
			c.Returns.Kind == docs.KindObject && len(c.Returns.Members) == 0 && c.Returns.Tag == "" {
			return ""
		}
	}
	return e.doc.Returns
}
