package docs

import "strings"

// prose assembles plain text from the pieces the parsers find: filled
// text that flows into paragraphs, bullet items and preformatted lines.
// Its String form separates paragraphs by blank lines and keeps the items
// of one bullet list on consecutive lines.
type prose struct {
	parts []prosePart
	kind  proseKind // kind of the part being built; proseNone when none
	words []string
	lines []string
}

type proseKind int

const (
	proseNone proseKind = iota
	prosePara
	proseBullet
	prosePre
)

type prosePart struct {
	kind proseKind
	text string
}

// text appends filled text to the current paragraph or item.
func (p *prose) text(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if p.kind == prosePre {
		p.flush()
	}
	if p.kind == proseNone {
		p.kind = prosePara
	}
	p.words = append(p.words, s)
}

// bullet starts a new bullet item.
func (p *prose) bullet() {
	p.flush()
	p.kind = proseBullet
}

// pre appends one preformatted line, kept as written.
func (p *prose) pre(line string) {
	if p.kind != prosePre {
		p.flush()
		p.kind = prosePre
	}
	p.lines = append(p.lines, strings.TrimRight(line, " \t"))
}

// flush ends the current paragraph, item or preformatted block.
func (p *prose) flush() {
	var text string
	switch p.kind {
	case prosePara, proseBullet:
		text = strings.Join(strings.Fields(strings.Join(p.words, " ")), " ")
		if p.kind == proseBullet {
			text = "- " + text
		}
	case prosePre:
		for len(p.lines) > 0 && p.lines[len(p.lines)-1] == "" {
			p.lines = p.lines[:len(p.lines)-1]
		}
		for i, l := range p.lines {
			if l != "" {
				p.lines[i] = "    " + l
			}
		}
		text = strings.Join(p.lines, "\n")
	}
	if strings.TrimSpace(text) != "" && text != "- " {
		p.parts = append(p.parts, prosePart{kind: p.kind, text: text})
	}
	p.kind, p.words, p.lines = proseNone, p.words[:0], nil
}

// String flushes and returns the text.
func (p *prose) String() string {
	p.flush()
	var b strings.Builder
	for i, part := range p.parts {
		if i > 0 {
			if part.kind == proseBullet && p.parts[i-1].kind == proseBullet {
				b.WriteByte('\n')
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(part.text)
	}
	return b.String()
}

// refSummary returns the summary of r: the first sentence of its body or,
// for the few definitions documented only by what they return, of its
// Returns text, so that every documented command has a one-line summary.
func refSummary(r *Ref) string {
	if r.Body != "" || r.Returns == "" {
		return summaryOf(r.Body)
	}
	s := strings.TrimPrefix(summaryOf(r.Returns), "- ")
	if s == "" {
		return ""
	}
	return "Returns " + strings.ToLower(s[:1]) + s[1:]
}

// summaryOf returns the first sentence of body's first paragraph on one
// line. Abbreviations such as "e.g." do not end a sentence.
func summaryOf(body string) string {
	para, _, _ := strings.Cut(body, "\n\n")
	para = strings.Join(strings.Fields(para), " ")
	for i := 0; i+1 < len(para); i++ {
		if para[i] != '.' || para[i+1] != ' ' {
			continue
		}
		word := para[strings.LastIndexByte(para[:i], ' ')+1 : i]
		switch strings.ToLower(word) {
		case "e.g", "i.e", "etc", "vs", "cf", "approx", "resp":
			continue
		}
		return para[:i+1]
	}
	return para
}

// examples collects example exchanges from preformatted lines. A "->" or
// "<-" line starts a message; following lines continue it while its JSON
// brackets are open; other lines are kept as comments.
type examples struct {
	list  []RefExample
	open  bool // a new RefExample was started and is still empty
	depth int  // open brackets of the last message
}

// start begins a new example.
func (e *examples) start() {
	if !e.open {
		e.list = append(e.list, RefExample{})
		e.open = true
	}
	e.depth = 0
}

// line adds one line to the current example.
func (e *examples) line(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return
	}
	if len(e.list) == 0 {
		e.start()
	}
	ex := &e.list[len(e.list)-1]
	e.open = false
	if dir := s[:min(2, len(s))]; dir == "->" || dir == "<-" {
		text := strings.TrimSpace(s[2:])
		ex.Lines = append(ex.Lines, RefExampleLine{Dir: dir, Text: text})
		e.depth = jsonDepth(text)
		return
	}
	if n := len(ex.Lines); n > 0 && ex.Lines[n-1].Dir != "" && e.depth > 0 {
		ex.Lines[n-1].Text += " " + s
		e.depth += jsonDepth(s)
		return
	}
	ex.Lines = append(ex.Lines, RefExampleLine{Text: s})
	e.depth = 0
}

// done returns the examples that have lines.
func (e *examples) done() []RefExample {
	var out []RefExample
	for _, ex := range e.list {
		if len(ex.Lines) > 0 {
			out = append(out, ex)
		}
	}
	return out
}

// jsonDepth returns how many brackets s opens minus how many it closes,
// ignoring those inside strings.
func jsonDepth(s string) int {
	depth, inStr := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	return depth
}

// sections gathers a definition's text while it is parsed: the description
// body, the tagged sections, and the member being described (item). Both
// the man-page and the QAPI-comment parsers embed it.
type sections struct {
	field                              string
	item                               *prose
	body, returns, errors, since, note prose
}

// dst returns where text goes now: the current member, else the section
// of the current field, else the body.
func (s *sections) dst() *prose {
	if s.item != nil {
		return s.item
	}
	switch s.field {
	case fieldReturns:
		return &s.returns
	case fieldErrors:
		return &s.errors
	case fieldSince:
		return &s.since
	case fieldNote:
		return &s.note
	}
	return &s.body
}
