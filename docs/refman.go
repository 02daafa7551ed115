package docs

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxManSize bounds what ParseMan reads, so that a hostile or broken
// gzip stream cannot exhaust memory. Real reference pages are ~1 MB.
const maxManSize = 64 << 20

// ParseMan builds an index from a QEMU reference man page in roff, plain
// or gzip-compressed (detected from the data, not the name). Both page
// layouts are understood: the 7.x one, where each definition is a
// subsection "NAME (Kind)", and the 10.x one, where each is a tagged
// paragraph "Kind NAME (Since: X.Y)" with field lists; the first
// definition decides. source is recorded in each Ref, e.g.
// "man:/usr/share/man/man7/qemu-qmp-ref.7.gz". Text that fits neither
// layout is skipped, so the result may be empty but never an error; errors
// come only from reading.
func ParseMan(r io.Reader, source string) (*Index, error) {
	data, err := readMaybeGzip(r)
	if err != nil {
		return nil, fmt.Errorf("man page %s: %w", source, err)
	}
	p := manParser{ix: newIndex(), source: source}
	p.parse(data)
	return p.ix.finish(), nil
}

// ParseManFile parses the man page at path with ParseMan, recording
// "man:"+path as the source.
func ParseManFile(path string) (*Index, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseMan(f, "man:"+path)
}

// readMaybeGzip reads all of r, decompressing it when it starts with the
// gzip magic number.
func readMaybeGzip(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		r = zr
	} else {
		r = br
	}
	data, err := io.ReadAll(io.LimitReader(r, maxManSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxManSize {
		return nil, errors.New("larger than 64 MiB")
	}
	return data, nil
}

// manParser walks the page line by line. Roff has no structure beyond
// requests, so the parser tracks the indentation depth (.INDENT/.RS) to
// know when a list, field or 10.x definition ends.
type manParser struct {
	ix              *Index
	source, version string
	saw7x           bool // a 7.x "NAME (Kind)" subsection was seen
	depth           int
	nofill          bool
	pendingTag      bool // after .TP: the next line is the tag
	inMacro         bool
	table           int // 0 outside tbl, 1 in its format lines, 2 in data
	def             *manDef
}

func (p *manParser) parse(data []byte) {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		p.line(string(bytes.TrimSuffix(line, []byte{'\r'})))
	}
	p.endDef()
}

func (p *manParser) line(line string) {
	if p.inMacro {
		p.inMacro = !strings.HasPrefix(line, "..")
		return
	}
	if name, args, ok := roffRequest(line); ok {
		p.request(name, args)
		return
	}
	if p.table > 0 {
		p.tableLine(line)
		return
	}
	text := roffUnescape(line)
	if p.pendingTag {
		p.tag(strings.TrimSpace(text))
		return
	}
	if p.def == nil {
		return
	}
	if p.nofill {
		p.def.preLine(text)
		return
	}
	if strings.TrimSpace(text) == "" {
		p.def.paraBreak()
		return
	}
	p.def.text(text)
}

func (p *manParser) request(name string, args []string) {
	switch name {
	case "de", "de1", "ig", "am":
		p.inMacro = true
	case "TH":
		if len(args) >= 4 {
			p.version = roffUnescape(args[3])
		}
	case "SH":
		p.endDef()
	case "SS":
		p.subsection(roffRest(args))
	case "TP":
		p.pendingTag = true
	case "B", "I", "BI", "IB", "BR", "RB", "IR", "RI", "SM", "SB":
		text := roffRest(args)
		switch {
		case text == "":
			// The text is on the next line; line() treats it alike.
		case p.pendingTag:
			p.tag(text)
		case p.trySignature(text):
		case p.def != nil:
			p.def.text(text)
		}
	case "IP":
		p.pendingTag = false
		label := ""
		if len(args) > 0 {
			label = strings.TrimSpace(roffUnescape(args[0]))
		}
		if p.def != nil {
			p.def.indentedParagraph(label, p.depth, !p.saw7x)
		}
	case "sp", "PP", "LP", "P", "br":
		if p.def != nil {
			p.def.paraBreak()
		}
	case "nf":
		p.nofill = true
		if p.def != nil {
			p.def.startPre()
		}
	case "fi":
		p.nofill = false
	case "INDENT", "RS":
		p.depth++
	case "UNINDENT", "RE":
		p.depth--
		p.unindent()
	case "TS":
		p.table = 1
	case "TE":
		p.table = 0
	}
}

// subsection handles .SS: a 7.x definition heading or one of its sections.
func (p *manParser) subsection(text string) {
	p.pendingTag = false
	if name, meta, ok := parse7xHeading(text); ok {
		p.endDef()
		p.saw7x = true
		p.def = newManDef(name, meta, "", false, p.depth)
		return
	}
	if p.def != nil {
		p.def.section(text, -1)
	}
}

// tag handles the tag line of a .TP paragraph.
func (p *manParser) tag(text string) {
	p.pendingTag = false
	if p.trySignature(text) || p.def == nil {
		return
	}
	if !p.saw7x && p.def.section(text, p.depth) {
		return
	}
	p.def.tag(text, p.depth)
}

// trySignature starts a 10.x definition when text is its signature.
func (p *manParser) trySignature(text string) bool {
	if p.saw7x {
		return false
	}
	name, meta, since, ok := parse10xSignature(text)
	if !ok {
		return false
	}
	p.endDef()
	p.def = newManDef(name, meta, since, true, p.depth)
	return true
}

// unindent closes whatever the indentation that just ended held.
func (p *manParser) unindent() {
	d := p.def
	if d == nil {
		return
	}
	d.closeTo(p.depth)
	if !p.saw7x && p.depth < d.depth {
		p.endDef()
	}
}

func (p *manParser) endDef() {
	if p.def == nil {
		return
	}
	r := p.def.finish()
	r.Source, r.Version = p.source, p.version
	p.ix.add(r)
	p.def = nil
}

// tableLine renders tbl data as preformatted rows; format lines, which
// end with a ".", are skipped.
func (p *manParser) tableLine(line string) {
	if p.table == 1 {
		if strings.HasSuffix(strings.TrimSpace(line), ".") {
			p.table = 2
		}
		return
	}
	if p.def == nil {
		return
	}
	line = strings.NewReplacer("T{", "", "T}", "", "\t", " | ").Replace(roffUnescape(line))
	p.def.preLine(line)
}
