package docs

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
)

// ParseHTML builds an index from the HTML reference manual Sphinx
// generates for QEMU (interop/qemu-qmp-ref.html and its siblings), plain
// or gzip-compressed. Both layouts are understood: the 7.x one, where each
// definition is a section headed "NAME (Kind)" with sub-sections such as
// "Arguments" holding definition lists, and the 10.x one, where each is a
// <dl class="qapi ..."> whose signature reads "Kind NAME (Since: X.Y)" and
// whose arguments, returns and errors are field lists. The text is read
// into the same definitions as the man pages' (ParseMan), so both give the
// same entries for the same documentation. source is recorded in each
// Ref. Markup that fits neither layout is skipped, so errors come only
// from reading.
func ParseHTML(r io.Reader, source string) (*Index, error) {
	data, err := readMaybeGzip(r)
	if err != nil {
		return nil, fmt.Errorf("html manual %s: %w", source, err)
	}
	p := htmlParser{ix: newIndex(), source: source, holder: -1}
	p.parse(string(data))
	return p.ix.finish(), nil
}

// ParseHTMLFile parses the HTML manual at path with ParseHTML, recording
// "html:"+path as the source.
func ParseHTMLFile(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseHTML(f, "html:"+path)
}

// maxHTMLDepth bounds the open elements the parser tracks; deeper start
// tags are read as text containers only. Generated manuals nest a few
// dozen levels; the bound keeps hostile nesting linear.
const maxHTMLDepth = 256

// htmlParser walks the tokens keeping a stack of open elements. Inline
// text is gathered in buf and handed to the definition at block
// boundaries, so that "<code>x</code>." stays "x." rather than "x .";
// headings, terms and signatures capture their text instead.
type htmlParser struct {
	ix              *Index
	source, version string
	stack           []htmlElem
	lists           int // open dl, ul and ol elements: the indentation depth
	buf             strings.Builder
	capture         int // open elements whose text is captured, not prose
	skip            int // open elements whose text is dropped
	pre             int // open pre elements
	def             *manDef
	// holder is the stack index of the element whose end ends def (its
	// section or qapi dl), -1 when none does; defLevel is the heading
	// level of a 7.x definition, which a heading no deeper also ends.
	holder, defLevel int
}

// htmlElem is an open element and what its end must do.
type htmlElem struct {
	name  string
	class string
	role  htmlRole
}

type htmlRole int

const (
	roleNone       htmlRole = iota
	roleList                // dl, ul, ol
	roleHeading             // h1-h6: a 7.x definition or section title
	roleSignature           // dt of a 10.x definition
	roleField               // dt of a 10.x field list: "Arguments", ...
	roleTerm                // dt of any other definition list
	roleAdmonTitle          // title of an admonition, or a rubric
	roleAdmonition          // the admonition itself
	rolePre
	roleTitle // the document's title, which names the version
	roleSkip  // permalinks, whose text is a pilcrow
)

// htmlVoid are the elements that have no end tag.
var htmlVoid = map[string]bool{
	"br": true, "hr": true, "img": true, "meta": true, "link": true, "input": true, "wbr": true,
	"col": true, "area": true, "base": true, "source": true, "param": true, "track": true, "embed": true,
}

// htmlBlocks are the elements whose start or end separates paragraphs.
var htmlBlocks = map[string]bool{
	"p": true, "div": true, "section": true, "blockquote": true, "table": true, "tr": true,
	"dd": true, "br": true, "hr": true, "dl": true, "ul": true, "ol": true, "li": true,
}

// versionWord finds the version in the document title, "... QEMU 7.2.0
// documentation".
var versionWord = regexp.MustCompile(`QEMU (\d+\.\d+(?:\.\d+)?)`)

func (p *htmlParser) parse(data string) {
	s := htmlScanner{data: data}
	for tok, ok := s.next(); ok; tok, ok = s.next() {
		switch tok.kind {
		case htmlText:
			if p.skip == 0 {
				p.buf.WriteString(tok.text)
			}
		case htmlStart:
			p.open(tok)
		case htmlEnd:
			p.closeTag(tok.name)
		}
	}
	for len(p.stack) > 0 {
		p.pop()
	}
	p.flush()
	p.endDef()
}

// open handles a start tag.
func (p *htmlParser) open(tok htmlToken) {
	if htmlVoid[tok.name] {
		if tok.name == "br" && p.pre > 0 {
			p.buf.WriteByte('\n')
		} else if htmlBlocks[tok.name] {
			p.blockBreak()
		}
		return
	}
	p.autoClose(tok.name)
	if len(p.stack) >= maxHTMLDepth {
		return
	}
	e := htmlElem{name: tok.name, class: tok.class, role: p.roleOf(tok)}
	switch {
	case e.name == "p" && len(p.stack) > 0 && p.stack[len(p.stack)-1].name == "li":
		// A list item's first paragraph is the item's text: a break
		// here would end the bullet before it has any.
		p.flush()
	case htmlBlocks[e.name]:
		p.blockBreak()
	}
	switch e.role {
	case roleList:
		p.lists++
	case roleHeading, roleSignature, roleField, roleTerm, roleAdmonTitle, roleTitle:
		p.flush()
		p.capture++
	case rolePre:
		p.flush()
		p.pre++
		if p.def != nil {
			p.def.startPre()
		}
	case roleSkip:
		p.skip++
	}
	p.stack = append(p.stack, e)
	if e.name == "li" && p.def != nil {
		p.def.indentedParagraph("*", p.lists, p.def.ten)
	}
}

// roleOf decides what an element is for from its name, class and parent.
func (p *htmlParser) roleOf(tok htmlToken) htmlRole {
	switch tok.name {
	case "dl", "ul", "ol":
		return roleList
	case "h1", "h2", "h3", "h4", "h5", "h6":
		return roleHeading
	case "pre":
		return rolePre
	case "title":
		return roleTitle
	case "a":
		if hasClass(tok.class, "headerlink") {
			return roleSkip
		}
	case "div", "aside":
		if hasClass(tok.class, "admonition") {
			return roleAdmonition
		}
	case "p":
		if hasClass(tok.class, "admonition-title") || hasClass(tok.class, "rubric") {
			return roleAdmonTitle
		}
	case "dt":
		dl := p.nearest("dl")
		switch {
		case hasClass(tok.class, "sig") || dl != nil && hasClass(dl.class, "qapi"):
			return roleSignature
		case dl != nil && hasClass(dl.class, "field-list"):
			return roleField
		}
		return roleTerm
	}
	return roleNone
}

// autoClose ends the elements a start tag implies the end of, as HTML
// does: a list item ends the previous one, a term or description the
// previous term or description, and a block a paragraph.
func (p *htmlParser) autoClose(name string) {
	var scope []string
	switch name {
	case "li":
		scope = []string{"ul", "ol"}
	case "dt", "dd":
		scope = []string{"dl"}
	}
	for i := len(p.stack) - 1; i >= 0 && scope != nil; i-- {
		n := p.stack[i].name
		if n == scope[0] || len(scope) > 1 && n == scope[1] {
			break
		}
		if n == name || scope[0] == "dl" && (n == "dt" || n == "dd") {
			p.popTo(i)
			break
		}
	}
	if htmlBlocks[name] || name == "pre" || name == "dt" || isHeadingTag(name) {
		if n := len(p.stack); n > 0 && p.stack[n-1].name == "p" {
			p.pop()
		}
	}
}

// isHeadingTag reports whether name is h1 to h6.
func isHeadingTag(name string) bool {
	return len(name) == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6'
}

// closeTag handles an end tag: the innermost open element of that name
// ends with everything opened inside it; a stray end tag is ignored.
func (p *htmlParser) closeTag(name string) {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].name == name {
			p.popTo(i)
			return
		}
	}
}

// popTo ends the elements from the top of the stack down to index i.
func (p *htmlParser) popTo(i int) {
	for len(p.stack) > i {
		p.pop()
	}
}

// pop ends the innermost open element.
func (p *htmlParser) pop() {
	n := len(p.stack) - 1
	e := p.stack[n]
	p.stack = p.stack[:n]
	if htmlBlocks[e.name] {
		p.blockBreak()
	}
	switch e.role {
	case roleList:
		p.flush()
		p.lists--
		if p.def != nil {
			p.def.closeTo(p.lists)
		}
	case roleHeading, roleSignature, roleField, roleTerm, roleAdmonTitle, roleTitle:
		p.capture--
		p.captured(e, collapseSpace(p.take()))
	case rolePre:
		p.pre--
		p.preText(p.take())
	case roleSkip:
		p.skip--
	case roleAdmonition:
		// The note or example the admonition held ends with it.
		p.flush()
		if d := p.def; d != nil && (d.field == fieldNote || d.field == fieldExample) {
			d.endField()
		}
	}
	if n == p.holder {
		p.flush()
		p.endDef()
	}
}

// captured handles the text of a heading, term, signature or title.
func (p *htmlParser) captured(e htmlElem, text string) {
	switch e.role {
	case roleTitle:
		if m := versionWord.FindStringSubmatch(text); m != nil && p.version == "" {
			p.version = m[1]
		}
	case roleHeading:
		p.heading(int(e.name[1]-'0'), text)
	case roleSignature:
		if name, meta, since, ok := parse10xSignature(text); ok {
			p.startDef(newManDef(name, meta, since, true, p.lists), p.nearestIndex("dl"), 0)
		}
	case roleField:
		if p.def != nil && !p.def.section(strings.TrimSuffix(text, ":"), p.lists) {
			p.proseText(text)
		}
	case roleTerm:
		if p.def != nil && text != "" {
			p.def.tag(text, p.lists)
		}
	case roleAdmonTitle:
		if p.def != nil && !(isAdmonition(text) && p.def.section(text, p.lists)) {
			p.proseText(text)
		}
	}
}

// heading starts a 7.x definition, or a section of the one being read.
// A heading no deeper than the definition's own ends it, in case its
// section element never closes.
func (p *htmlParser) heading(level int, text string) {
	if name, meta, ok := parse7xHeading(text); ok {
		holder := -1
		for i := len(p.stack) - 1; i >= 0 && holder < 0; i-- {
			if p.stack[i].name == "section" || p.stack[i].name == "div" && hasClass(p.stack[i].class, "section") {
				holder = i
			}
		}
		p.startDef(newManDef(name, meta, "", false, p.lists), holder, level)
		return
	}
	switch {
	case p.def == nil:
	case !p.def.ten && level <= p.defLevel:
		p.endDef()
	case !p.def.section(text, -1):
		p.proseText(text)
	}
}

// startDef ends the definition being read and starts d, which ends with
// the element at stack index holder.
func (p *htmlParser) startDef(d *manDef, holder, level int) {
	p.endDef()
	p.def, p.holder, p.defLevel = d, holder, level
}

func (p *htmlParser) endDef() {
	if p.def == nil {
		return
	}
	r := p.def.finish()
	r.Source, r.Version = p.source, p.version
	p.ix.add(r)
	p.def, p.holder = nil, -1
}

// nearest returns the innermost open element called name, or nil.
func (p *htmlParser) nearest(name string) *htmlElem {
	if i := p.nearestIndex(name); i >= 0 {
		return &p.stack[i]
	}
	return nil
}

// nearestIndex is the stack index of the innermost open element called
// name, -1 when none is open.
func (p *htmlParser) nearestIndex(name string) int {
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].name == name {
			return i
		}
	}
	return -1
}
