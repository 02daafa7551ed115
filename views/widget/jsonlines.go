package widget

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/tidwall/gjson"
)

// ViewMode is how the detail view shows a JSON message.
type ViewMode int

// The view modes, in the order Next cycles through them.
const (
	// Condensed is termtext.Condense's one-line key=value summary.
	Condensed ViewMode = iota
	// Expanded is indented two spaces per level, one member or element a
	// line, in the server's key order, syntax-highlighted.
	Expanded
	// Raw is the bytes as received, a line per newline in them, and long
	// lines cut every rawRowBytes bytes so that no line costs more than
	// that to draw.
	Raw
)

// Wraps reports whether the mode's lines are meant to be wrapped by the
// pane (Condensed and Raw: running text) rather than scrolled sideways
// (Expanded, where indentation carries the structure).
func (m ViewMode) Wraps() bool { return m != Expanded }

// Next is the mode after m, cycling back to Condensed.
func (m ViewMode) Next() ViewMode {
	switch m {
	case Condensed:
		return Expanded
	case Expanded:
		return Raw
	default:
		return Condensed
	}
}

// String is the mode's name as the status line shows it.
func (m ViewMode) String() string {
	switch m {
	case Condensed:
		return "condensed"
	case Expanded:
		return "expanded"
	case Raw:
		return "raw"
	}
	return fmt.Sprintf("ViewMode(%d)", int(m))
}

const (
	// Raw lines are cut by bytes, not cells, so that finding line n never
	// needs the widths of the lines before it; the pane wraps what is left.
	// A cut shows as one short row every few dozen.
	rawRowBytes = 4096
	// Condense validates with gjson, which recurses once per nesting level
	// and reads the whole reply; past these limits the condensed mode falls
	// back to expanded rather than stall or overflow the stack.
	condenseMaxBytes  = 4 << 20
	condenseMaxDepth  = 1024
	condensedMaxRunes = 1 << 15
	// Validation runs ahead of rendering in chunks this big, so a reply up
	// to this size is checked whole before its first line is shown.
	validateChunk = 1 << 20
)

// RenderJSON renders the first maxLines lines of raw in mode (maxLines <= 0:
// all of them). The work is bounded by maxLines, not by the size of raw,
// except that up to validateChunk bytes are validated up front. Invalid
// JSON is shown as Raw behind an Error-styled line saying so.
func RenderJSON(raw []byte, mode ViewMode, th Theme, maxLines int) []Line {
	d := NewJSONDoc(raw, mode, th)
	if maxLines <= 0 {
		maxLines = d.Len()
	}
	return d.Lines(0, maxLines)
}

// JSONDoc is a JSON message rendered lazily, by line range: it is a
// LineSource for TextPane, so a huge reply costs only the lines on screen.
// It remembers where every 64th line starts, so going back is cheap and
// going forward scans only the new part once. Validation runs lazily just
// ahead of rendering; when it finds the message is not JSON the document
// turns into Raw with an Error line in front (for a reply over
// validateChunk bytes that can happen while scrolling). A JSONDoc is not
// safe for concurrent use: it belongs to the UI goroutine.
type JSONDoc struct {
	raw []byte
	// cut is set for the first bytes of a message kept cut (see
	// store.Limits): ending too soon is then no error.
	cut   bool
	th    Theme
	check jsonValidator
	head  []Line // an error or warning shown before the body
	body  lineIndex
	// step renders (out != nil) or skips (out == nil) the line starting at
	// c and returns where the next one starts; atEnd says no line starts
	// at c. They are the one thing the three modes do differently.
	step      func(c lineStart, out *Line) lineStart
	atEnd     func(c lineStart) bool
	condensed Line
}

// NewJSONDoc prepares raw for display in mode. raw must not change
// afterwards. It costs O(1), except in Condensed mode, which validates up
// to condenseMaxBytes bytes at once because the summary needs all of them.
func NewJSONDoc(raw []byte, mode ViewMode, th Theme) *JSONDoc {
	return newJSONDoc(raw, false, mode, th)
}

// NewCutJSONDoc is NewJSONDoc for the kept start of a message cut short
// (see store.Limits): ending too soon is then no error, and it cannot be
// condensed, so Condensed shows it expanded.
func NewCutJSONDoc(raw []byte, mode ViewMode, th Theme) *JSONDoc {
	return newJSONDoc(raw, true, mode, th)
}

// newJSONDoc is NewJSONDoc, for the start of a message if cut is set.
func newJSONDoc(raw []byte, cut bool, mode ViewMode, th Theme) *JSONDoc {
	d := &JSONDoc{raw: raw, cut: cut, th: th}
	d.check.errAt = -1
	switch {
	case mode == Raw:
		d.useRaw()
	case mode != Condensed || cut:
		d.useExpanded()
	case len(raw) > condenseMaxBytes:
		d.warn(fmt.Sprintf("%d bytes is too large to condense; shown expanded", len(raw)))
		d.useExpanded()
	default:
		d.useExpanded()
		if d.validate(len(raw)); d.check.errAt >= 0 {
			break
		}
		if d.check.maxDepth > condenseMaxDepth {
			d.warn(fmt.Sprintf("nested %d deep, too deep to condense; shown expanded", d.check.maxDepth))
			break
		}
		d.useCondensed()
	}
	return d
}

// Len is the number of lines. In Expanded mode it reads the whole message
// once (about 5 ms a MiB); later calls are free.
func (d *JSONDoc) Len() int {
	d.validate(len(d.raw))
	for !d.body.complete {
		d.body.extend(d.step, d.atEnd)
	}
	return len(d.head) + d.body.lines
}

// Lines returns up to n lines starting with line from; fewer at the end.
func (d *JSONDoc) Lines(from, n int) []Line {
	from = max(from, 0)
	out := make([]Line, 0, max(min(n, 256), 0))
	for i := from; i < len(d.head) && len(out) < n; i++ {
		out = append(out, d.head[i])
	}
	c, ok := d.body.seek(max(from-len(d.head), 0), d.step, d.atEnd)
	for ok && len(out) < n && !d.atEnd(c) {
		var l Line
		c = d.step(c, &l)
		out = append(out, l)
	}
	wasValid := d.check.errAt < 0
	if d.validate(c.off); wasValid && d.check.errAt >= 0 {
		return d.Lines(from, n) // now Raw, with the error in front
	}
	return out
}

// validate checks the message up to byte upTo at least, switching to the
// raw rendering when it turns out not to be JSON.
func (d *JSONDoc) validate(upTo int) {
	if d.check.done {
		return
	}
	d.check.run(d.raw, max(upTo, d.check.off+validateChunk))
	if d.cut && d.check.errAt >= 0 && d.check.cutShort(d.raw) {
		d.check.errAt = -1
	}
	if d.check.errAt >= 0 {
		d.head = []Line{{{
			Text:  fmt.Sprintf("not valid JSON (%s at byte %d); shown as received", d.check.errMsg, d.check.errAt),
			Style: d.th.Error,
		}}}
		d.useRaw()
	}
}

func (d *JSONDoc) warn(msg string) {
	d.head = []Line{{{Text: msg, Style: d.th.Warning}}}
}

func (d *JSONDoc) useRaw() {
	d.body = lineIndex{}
	d.step = d.rawRow
	d.atEnd = func(c lineStart) bool { return c.off >= len(d.raw) }
}

func (d *JSONDoc) useExpanded() {
	d.body = lineIndex{}
	d.step = d.expandedLine
	d.atEnd = func(c lineStart) bool { return skipJSONSpace(d.raw, c.off) >= len(d.raw) }
}

func (d *JSONDoc) useCondensed() {
	d.body = lineIndex{}
	d.step = func(_ lineStart, out *Line) lineStart {
		if out != nil {
			if d.condensed == nil {
				d.condensed = Line{{Text: termtext.Condense(d.raw, condensedMaxRunes), Style: d.th.Base}}
			}
			*out = d.condensed
		}
		return lineStart{off: len(d.raw)}
	}
	d.atEnd = func(c lineStart) bool { return c.off >= len(d.raw) }
}

// rawRow is the row of raw bytes starting at c: up to the next newline
// (which is not shown) or rawRowBytes bytes, backed up to a rune start.
func (d *JSONDoc) rawRow(c lineStart, out *Line) lineStart {
	raw := d.raw
	end := min(len(raw), c.off+rawRowBytes)
	next := end
	if i := bytes.IndexByte(raw[c.off:end], '\n'); i >= 0 {
		end = c.off + i
		next = end + 1
	} else if end < len(raw) {
		for k := 0; k < utf8.UTFMax-1 && end > c.off+1 && !utf8.RuneStart(raw[end]); k++ {
			end--
		}
		next = end
		if raw[next] == '\n' {
			next++ // the row ended exactly at a line end: no empty row
		}
	}
	if out != nil {
		*out = Line{{Text: string(raw[c.off:end]), Style: d.th.Base}}
	}
	return lineStart{off: next}
}

// expandedLine is one line of the indented layout: a closing bracket, or
// an optional key followed by a scalar, an empty container or an opening
// bracket; then the comma that follows, if any. It reads the bytes as they
// come, without a stack, so resuming at any line start needs only the offset
// and the depth; the validator, not this, decides whether the bytes are JSON.
func (d *JSONDoc) expandedLine(c lineStart, out *Line) lineStart {
	raw, th, sink := d.raw, &d.th, lineSink{out}
	off, depth := skipJSONSpace(raw, c.off), c.depth
	if ch := raw[off]; ch == '}' || ch == ']' {
		depth = max(depth-1, 0)
		sink.indent(depth, th.Base)
		sink.addBytes(raw[off:off+1], th.Punct)
		off++
	} else {
		sink.indent(depth, th.Base)
		if ch == '"' {
			end := jsonStringEnd(raw, off)
			if colon := skipJSONSpace(raw, end); colon < len(raw) && raw[colon] == ':' {
				sink.addString(raw[off:end], th.Key)
				sink.add(": ", th.Punct)
				off = skipJSONSpace(raw, colon+1)
			}
		}
		off, depth = d.expandedValue(off, depth, sink)
	}
	if comma := skipJSONSpace(raw, off); comma < len(raw) && raw[comma] == ',' {
		sink.add(",", th.Punct)
		off = comma + 1
	}
	return lineStart{off: off, depth: depth}
}

// expandedValue adds the value (or opening bracket) at off.
func (d *JSONDoc) expandedValue(off, depth int, sink lineSink) (int, int) {
	raw, th := d.raw, &d.th
	if off >= len(raw) {
		return off, depth
	}
	switch ch := raw[off]; ch {
	case '{', '[':
		if inner := skipJSONSpace(raw, off+1); inner < len(raw) && raw[inner] == ch+2 { // '{'+2 == '}', '['+2 == ']'
			sink.addBytes([]byte{ch, ch + 2}, th.Punct)
			return inner + 1, depth
		}
		sink.addBytes(raw[off:off+1], th.Punct)
		return off + 1, depth + 1
	case '"':
		end := jsonStringEnd(raw, off)
		sink.addString(raw[off:end], th.String)
		return end, depth
	}
	end := off + 1
	for end < len(raw) && !isJSONDelimiter(raw[end]) {
		end++
	}
	style := th.Number
	switch raw[off] {
	case 't', 'f':
		style = th.Bool
	case 'n':
		style = th.Null
	}
	sink.addBytes(raw[off:end], style)
	return end, depth
}

// lineSink collects a line's spans. With no line to fill it does nothing,
// not even convert bytes, so skipping lines to reach a scroll position
// allocates nothing.
type lineSink struct{ out *Line }

func (s lineSink) add(text string, st tcell.Style) {
	if s.out != nil {
		*s.out = append(*s.out, Span{Text: text, Style: st})
	}
}

func (s lineSink) addBytes(b []byte, st tcell.Style) {
	if s.out != nil {
		s.add(string(b), st)
	}
}

// indent adds two spaces per level.
func (s lineSink) indent(depth int, st tcell.Style) {
	if s.out != nil {
		s.add(jsonIndent(depth), st)
	}
}

// addString adds a JSON string token as jsonDisplayString shows it.
func (s lineSink) addString(tok []byte, st tcell.Style) {
	if s.out != nil {
		s.add(jsonDisplayString(tok), st)
	}
}

// jsonDisplayString shows a JSON string token decoded (QEMU escapes all
// non-ASCII as \uXXXX, which nobody can read) and quoted again; DrawLine's
// Safe makes the decoded control characters visible.
func jsonDisplayString(tok []byte) string {
	if bytes.IndexByte(tok, '\\') < 0 {
		return string(tok)
	}
	return `"` + jsonRequote.Replace(gjson.ParseBytes(tok).String()) + `"`
}

var jsonRequote = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// indentSpaces backs jsonIndent for the usual depths without allocating.
var indentSpaces = strings.Repeat(" ", 128)

func jsonIndent(depth int) string {
	if n := 2 * depth; n <= len(indentSpaces) {
		return indentSpaces[:n]
	}
	return strings.Repeat(" ", 2*depth)
}

func isJSONDelimiter(c byte) bool {
	switch c {
	case ',', ':', '{', '}', '[', ']', '"', ' ', '\t', '\r', '\n':
		return true
	}
	return false
}

func skipJSONSpace(raw []byte, i int) int {
	for i < len(raw) && (raw[i] == ' ' || raw[i] == '\t' || raw[i] == '\r' || raw[i] == '\n') {
		i++
	}
	return i
}

// jsonStringEnd is the offset just past the string token starting at i, or the
// end of raw when it is not terminated.
func jsonStringEnd(raw []byte, i int) int {
	for j := i + 1; j < len(raw); j++ {
		switch raw[j] {
		case '"':
			return j + 1
		case '\\':
			j++
		}
	}
	return len(raw)
}

// lineStart is where a line starts: the byte offset and, for the expanded
// layout, the nesting depth there.
type lineStart struct{ off, depth int }

// markEvery is how often lineIndex remembers a line start: going to any
// line then costs at most this many skipped lines.
const markEvery = 64

// lineIndex finds line starts, scanning forward only as far as asked.
type lineIndex struct {
	marks    []lineStart // marks[k] is where line k*markEvery starts
	frontier lineStart   // where line `lines` starts
	lines    int         // lines scanned so far
	complete bool        // lines is the total
}

// extend scans one more line.
func (x *lineIndex) extend(step func(lineStart, *Line) lineStart, atEnd func(lineStart) bool) {
	if x.complete || atEnd(x.frontier) {
		x.complete = true
		return
	}
	if x.lines%markEvery == 0 {
		x.marks = append(x.marks, x.frontier)
	}
	x.frontier = step(x.frontier, nil)
	x.lines++
}

// seek returns where line i starts, and false when there is no line i.
func (x *lineIndex) seek(i int, step func(lineStart, *Line) lineStart, atEnd func(lineStart) bool) (lineStart, bool) {
	for x.lines <= i && !x.complete {
		x.extend(step, atEnd)
	}
	if i >= x.lines {
		return x.frontier, false
	}
	c := x.marks[i/markEvery]
	for k := i - i%markEvery; k < i; k++ {
		c = step(c, nil)
	}
	return c, true
}
