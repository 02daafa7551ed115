package views

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views/widget"
)

// docEntry is one entry of the documentation overlay: what Describe found
// for a name, with what the overlay shows around it.
type docEntry struct {
	doc *docs.CommandDoc
	// schema finds the events and commands the text mentions; nil
	// without one.
	schema *docs.Schema
	// ix gives the members of nested arguments their descriptions, and
	// without a schema tells which mentioned names are linkable.
	ix *docs.Index
	// note warns about the documentation, e.g. a version mismatch.
	note string
	// expanded holds the keys (argKey) of the arguments whose members
	// are shown; nil until the user expands one.
	expanded map[string]bool
}

// Column caps of the argument table: one long name or type must not push
// the rest to the right edge.
const (
	maxArgNameCells = 24
	maxArgTypeCells = 30
)

// renderDoc lays out an entry for width cells: a header with the kind,
// version and badges, the summary and description, the argument table,
// returns, errors, features, notes, examples, the events and commands the
// text mentions, and where the text came from. Expandable arguments and
// the mentioned names are its targets. Everything is styled by the theme
// and drawn by DrawLine, so documentation text is never markup.
func renderDoc(e docEntry, th widget.Theme, width int) docLayout {
	width = max(width, 20)
	d := e.doc
	r := d.Ref
	if r == nil {
		r = &docs.Ref{}
	}
	var out docLayout
	out.add(docHeader(d, r, th))
	if d.Live && !d.InSchema {
		out.add(widget.Line{{Text: "Not offered by the connected monitor.", Style: th.Warning}})
	}
	if e.note != "" {
		out.add(widget.Line{{Text: e.note, Style: th.Warning}})
	}
	out.add(widget.Line{})
	if r.Summary != "" {
		out.add(wrapWords(r.Summary, width, "", "", th.Title)...)
	}
	if body := trimSummary(r.Body, r.Summary); body != "" {
		out.add(widget.Line{})
		out.add(wrapProse(body, width, "", th.Base)...)
	}
	argTable(&out, e, th, width)
	if returns := liveReturns(e); returns != "" || r.Returns != "" {
		out.add(widget.Line{}, widget.Line{{Text: "Returns ", Style: th.Title}, {Text: returns, Style: th.String}})
		out.add(wrapProse(r.Returns, width, "  ", th.Base)...)
	}
	out.add(proseSection("Errors", r.Errors, th, width)...)
	for _, f := range r.Features {
		out.add(proseSection("Feature "+f.Name, f.Description, th, width)...)
	}
	for _, n := range r.Notes {
		out.add(proseSection("Note", n, th, width)...)
	}
	for i, ex := range r.Examples {
		out.add(widget.Line{}, widget.Line{{Text: fmt.Sprintf("Example %d", i+1), Style: th.Title}})
		out.add(exampleLines(ex, th)...)
	}
	seeAlsoLine(&out, seeAlso(e), th)
	out.add(widget.Line{})
	switch {
	case !hasProse(d):
		out.add(wrapWords(docs.NoProseHint, width, "", "", th.Dim)...)
	case r.Source != "":
		src := "Source: " + r.Source
		if r.Version != "" {
			src += " (QEMU " + r.Version + ")"
		}
		out.add(wrapWords(src, width, "", "  ", th.Dim)...)
	}
	return out
}

// docHeader is the first line: name, kind, since and the live schema's
// badges: the definition's own in reverse, then the arguments that carry
// one (docs.CommandDoc.Badges).
func docHeader(d *docs.CommandDoc, r *docs.Ref, th widget.Theme) widget.Line {
	l := widget.Line{{Text: d.Name, Style: th.Title}, {Text: "  " + strings.ToLower(d.Kind.String()), Style: th.Dim}}
	if r.Since != "" {
		l = append(l, widget.Span{Text: "  since " + r.Since, Style: th.Dim})
	}
	for _, b := range d.Badges() {
		if len(b.Members) == 0 {
			l = append(l, widget.Span{Text: "  "}, widget.Span{Text: " " + b.Feature + " ", Style: th.Warning.Reverse(true)})
			continue
		}
		l = append(l, widget.Span{Text: "  " + b.Feature + ": " + strings.Join(b.Members, ", "), Style: th.Warning})
	}
	return l
}

// badges lists the features of a member or value worth a warning.
func badges(features []string) []string {
	var out []string
	for _, f := range []string{docs.FeatureDeprecated, docs.FeatureUnstable} {
		if docs.HasFeature(features, f) {
			out = append(out, f)
		}
	}
	return out
}

// proseSection is a titled block of text; empty text gives nothing.
func proseSection(title, text string, th widget.Theme, width int) []widget.Line {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	return append([]widget.Line{{}, {{Text: title, Style: th.Title}}}, wrapProse(text, width, "  ", th.Base)...)
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
