package views

import (
	"strings"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/views/widget"
)

// The markers of arguments whose members expand, in the indentation
// before the name: they need no colour to be seen.
const (
	collapsedMark = "▸ "
	expandedMark  = "▾ "
)

// maxArgDepth bounds how deep expanded members are shown: the type graph
// may be cyclic (a block node's file is a block node), and past a few
// levels the indentation leaves no room for text.
const maxArgDepth = 6

// argTable lists the arguments (event data members), common members
// first, then each union branch under its own heading. Arguments whose
// values are objects are targets that expand to their members.
func argTable(out *docLayout, e docEntry, th widget.Theme, width int) {
	d := e.doc
	if len(d.Args) == 0 {
		return
	}
	title := "Arguments"
	if d.Kind == docs.RefEvent {
		title = "Data"
	}
	out.add(widget.Line{}, widget.Line{{Text: title, Style: th.Title}})
	argRows(out, e, d.Args, "", "  ", 0, th, width)
}

// argRows lists args indented by indent; key is the key of the argument
// they are members of, "" at the top.
func argRows(out *docLayout, e docEntry, args []docs.ArgDoc, key, indent string, depth int, th widget.Theme, width int) {
	nameW, typeW := 0, 0
	for _, a := range args {
		nameW = max(nameW, min(widget.TextWidth(a.Name), maxArgNameCells))
		typeW = max(typeW, min(widget.TextWidth(a.Type), maxArgTypeCells))
	}
	branch := ""
	for _, a := range args {
		in := indent
		if a.Branch != "" {
			in += "  "
		}
		if a.Branch != branch {
			branch = a.Branch
			out.add(widget.Line{{Text: indent + "when " + branch, Style: th.Title}})
		}
		k := argKey(key, a)
		open := e.expanded[k]
		lead := in
		if a.Object != nil && depth < maxArgDepth {
			lead = in[:len(in)-2] + collapsedMark
			if open {
				lead = in[:len(in)-2] + expandedMark
			}
		}
		row := widget.Line{
			{Text: lead, Style: th.Key},
			{Text: pad(a.Name, nameW+2), Style: th.Key},
			{Text: pad(a.Type, typeW+2), Style: th.String},
		}
		if a.Optional {
			row = append(row, widget.Span{Text: "optional", Style: th.Dim})
		} else {
			row = append(row, widget.Span{Text: "required", Style: th.Base})
		}
		if a.Default != "" {
			row = append(row, widget.Span{Text: "  default " + a.Default, Style: th.String})
		}
		for _, b := range badges(a.Features) {
			row = append(row, widget.Span{Text: "  " + b, Style: th.Warning})
		}
		if lead != in {
			out.addTarget(row, docTarget{span: 1, arg: k})
		} else {
			out.add(row)
		}
		out.add(wrapProse(a.Description, width, in+"    ", th.Base)...)
		out.add(enumLines(a.Values, in+"    ", th, width)...)
		if open && lead != in {
			argRows(out, e, e.ix.Nested(a), k, in+"    ", depth+1, th, width)
		}
	}
}

// argKey names an argument within its entry for the expanded set: the
// path of names from the top, with the union branch each is in, since
// branches may have members of the same name.
func argKey(parent string, a docs.ArgDoc) string {
	return parent + "/" + a.Branch + ":" + a.Name
}

// enumLines lists an argument's enum values: one line each when any has
// a description, else all on one wrapped line.
func enumLines(values []docs.ValueDoc, indent string, th widget.Theme, width int) []widget.Line {
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
	var out []widget.Line
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
	for _, b := range badges(features) {
		out = append(out, " ("+b+")")
	}
	return out
}
