package docs

import "strings"

// How the HTML parser hands text to the definition being read: inline
// text is gathered and given as one run at block boundaries; pre
// elements keep their lines.

// proseText gives the definition a paragraph of text.
func (p *htmlParser) proseText(text string) {
	if p.def != nil && text != "" {
		p.def.text(text)
		p.def.paraBreak()
	}
}

// preText gives the definition the lines of a pre element. The newline
// right after <pre> is not content, as in HTML.
func (p *htmlParser) preText(text string) {
	if p.def == nil {
		return
	}
	text = strings.TrimPrefix(strings.TrimPrefix(text, "\r"), "\n")
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		p.def.preLine(strings.TrimSuffix(l, "\r"))
	}
}

// blockBreak ends the current paragraph.
func (p *htmlParser) blockBreak() {
	if p.capture > 0 || p.pre > 0 {
		return
	}
	p.flush()
	if p.def != nil {
		p.def.paraBreak()
	}
}

// flush hands the gathered inline text to the definition as one run of
// filled text; outside definitions it is dropped.
func (p *htmlParser) flush() {
	if p.capture > 0 || p.pre > 0 {
		return
	}
	if text := collapseSpace(p.take()); text != "" && p.def != nil {
		p.def.text(text)
	}
}

// take returns the gathered text as it was written and empties the buffer.
func (p *htmlParser) take() string {
	s := p.buf.String()
	p.buf.Reset()
	return s
}

// collapseSpace makes each run of white space one space, as browsers
// show text outside pre elements.
func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
