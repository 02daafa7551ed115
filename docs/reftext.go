package docs

import (
	"fmt"
	"strings"
)

// NoProseHint is the line Text shows when no documentation was found.
const NoProseHint = "No descriptions found: install qemu-system-common or pass --qapi-dir for descriptions."

// Text renders d as plain text wrapped to width columns (80 when width is
// not positive): name and summary, description, an argument table,
// returns, errors, since, features, notes, examples with their -> and <-
// directions, and the documentation's source. Control characters from the
// documentation are replaced by spaces, so the result is safe to print;
// callers that interpret markup must still escape it.
func (d *CommandDoc) Text(width int) string {
	if width <= 0 {
		width = 80
	}
	width = max(width, 30)
	w := textWriter{width: width}
	r := d.Ref
	if r == nil {
		r = &Ref{}
	}
	w.line(d.Name + " (" + strings.ToLower(d.Kind.String()) + ")")
	if d.Live && !d.InSchema {
		w.line("Not offered by the connected monitor.")
	}
	w.blank()
	if r.Body != "" {
		w.para(r.Body, "")
		w.blank()
	}
	d.writeArgs(&w)
	if d.Returns != "" || r.Returns != "" {
		w.wrap(strings.TrimSpace("Returns: "+d.Returns), "  ")
		if r.Returns != "" {
			w.para(r.Returns, "  ")
		}
		w.blank()
	}
	w.section("Errors", r.Errors)
	w.section("Since", r.Since)
	for _, f := range d.features() {
		w.section("Feature", f)
	}
	for _, n := range r.Notes {
		w.section("Note", n)
	}
	for i, ex := range r.Examples {
		w.line(fmt.Sprintf("Example %d:", i+1))
		for _, l := range ex.Lines {
			w.wrap("  "+strings.TrimSpace(l.Dir+" "+l.Text), "       ")
		}
		w.blank()
	}
	if !d.hasProse() {
		w.line(NoProseHint)
	} else if r.Source != "" {
		src := "Source: " + r.Source
		if r.Version != "" {
			src += " (QEMU " + r.Version + ")"
		}
		w.wrap(src, "  ")
	}
	return strings.TrimRight(w.b.String(), "\n") + "\n"
}

// hasProse reports whether any description was found.
func (d *CommandDoc) hasProse() bool {
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

// features lists the live features, then the documented ones, each
// with its documented note; the documentation also explains features of
// members, which the live schema puts on the members instead.
func (d *CommandDoc) features() []string {
	var out []string
	seen := make(map[string]bool)
	var documented []RefMember
	if d.Ref != nil {
		documented = d.Ref.Features
	}
	for _, f := range d.Features {
		text := f
		for _, m := range documented {
			if m.Name == f && m.Description != "" {
				text += ": " + m.Description
			}
		}
		out, seen[f] = append(out, text), true
	}
	for _, m := range documented {
		if !seen[m.Name] {
			out = append(out, strings.TrimSuffix(m.Name+": "+m.Description, ": "))
		}
	}
	return out
}

// writeArgs writes the argument table: one "name  type  flags" line per
// argument with its description indented below, grouped by union branch.
func (d *CommandDoc) writeArgs(w *textWriter) {
	if len(d.Args) == 0 {
		return
	}
	title := "Arguments:"
	if d.Kind == RefEvent {
		title = "Data:"
	}
	w.line(title)
	pad := 0
	for _, a := range d.Args {
		pad = max(pad, min(len(a.Name), maxNameColumn))
	}
	branch := ""
	for _, a := range d.Args {
		if a.Branch != branch {
			branch = a.Branch
			tag, value, _ := strings.Cut(branch, "=")
			w.line(fmt.Sprintf("  When %s is %q:", tag, value))
		}
		indent := "  "
		if branch != "" {
			indent = "    "
		}
		head := indent + a.Name + strings.Repeat(" ", max(pad-len(a.Name), 0)) + "  " + a.Type
		if flags := argFlags(a); flags != "" {
			head += "  (" + flags + ")"
		}
		w.wrap(head, indent+"    ")
		if a.Description != "" {
			w.para(a.Description, indent+"    ")
		}
		for _, v := range a.Values {
			text := v.Name
			if len(v.Features) > 0 {
				text += " (" + strings.Join(v.Features, ", ") + ")"
			}
			if v.Description != "" {
				text += ": " + v.Description
			}
			w.wrap(indent+"    - "+text, indent+"      ")
		}
	}
	w.blank()
}

// maxNameColumn caps the padding of the argument name column, so that
// one long name does not push every type to the right edge.
const maxNameColumn = 20

// argFlags lists "optional", the stated default and the argument's
// features.
func argFlags(a ArgDoc) string {
	var flags []string
	if a.Optional {
		flags = append(flags, "optional")
	}
	if a.Default != "" {
		flags = append(flags, "default: "+a.Default)
	}
	return strings.Join(append(flags, a.Features...), ", ")
}

// textWriter wraps plain text.
type textWriter struct {
	b     strings.Builder
	width int
}

func (w *textWriter) line(s string) {
	w.b.WriteString(sanitizeText(s))
	w.b.WriteByte('\n')
}

func (w *textWriter) blank() {
	if s := w.b.String(); s != "" && !strings.HasSuffix(s, "\n\n") {
		w.b.WriteByte('\n')
	}
}

// section writes "Title: text" wrapped with a hanging indent; empty text
// writes nothing.
func (w *textWriter) section(title, text string) {
	if text = strings.TrimSpace(text); text == "" {
		return
	}
	if strings.Contains(text, "\n") {
		w.line(title + ":")
		w.para(text, "  ")
	} else {
		w.wrap(title+": "+text, "  ")
	}
	w.blank()
}

// para writes documentation text indented by indent: blank-line
// separated paragraphs and "- " bullet lines are wrapped one by one;
// lines indented by four spaces are preformatted and kept as they are.
func (w *textWriter) para(text, indent string) {
	for i, p := range strings.Split(text, "\n\n") {
		if i > 0 {
			w.b.WriteByte('\n')
		}
		for _, l := range strings.Split(p, "\n") {
			switch {
			case strings.HasPrefix(l, "    "):
				w.line(indent + l)
			case strings.HasPrefix(l, "- "):
				w.wrap(indent+l, indent+"  ")
			default:
				w.wrap(indent+l, indent)
			}
		}
	}
}

// wrap writes one logical line in lines of at most width columns, never
// breaking inside a word.
func (w *textWriter) wrap(l, indent string) {
	if len(l) <= w.width {
		w.line(l) // keeps the spacing of table columns
		return
	}
	lead := l[:len(l)-len(strings.TrimLeft(l, " "))]
	cur := lead
	n := len(cur)
	for _, word := range strings.Fields(l) {
		if n > len(lead) && n+1+len(word) > w.width {
			w.line(cur)
			cur, n = indent+word, len(indent)+len(word)
			continue
		}
		if n > len(lead) {
			cur += " "
			n++
		}
		cur += word
		n += len(word)
	}
	w.line(cur)
}

// sanitizeText replaces control characters, which documentation files
// could carry, by spaces.
func sanitizeText(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}
