package docs

import (
	"strings"
	"unicode"
)

// parseQAPIComment reads one "##" doc comment of a QAPI schema file,
// given as its lines with the leading "#" removed. It returns nil for
// comments that document no definition (section headings, free text).
//
// Both generations of the syntax are read: 7.x tagged sections
// ("Example:", "Notes:") that run until the next tag, and 10.x
// directives (".. qmp-example::", ".. note::") whose content is indented.
func parseQAPIComment(lines []string) *Ref {
	if len(lines) == 0 {
		return nil
	}
	first := strings.TrimSpace(lines[0])
	name, ok := strings.CutPrefix(first, "@")
	name, colon := strings.CutSuffix(name, ":")
	if !ok || !colon || !isDefName(name) {
		return nil
	}
	c := qapiComment{ref: Ref{Name: name}}
	for _, l := range lines[1:] {
		c.line(strings.TrimPrefix(l, " "))
	}
	return c.finish()
}

// qapiComment is the state of parseQAPIComment.
type qapiComment struct {
	ref        Ref
	absorbing  bool // a 7.x Example/Notes section: runs until the next tag
	afterBlank bool
	inFeatures bool
	sections
	notes    []string
	ex       examples
	itemList *[]RefMember
}

func (c *qapiComment) line(l string) {
	t := strings.TrimSpace(l)
	indented := t != "" && (l[0] == ' ' || l[0] == '\t')
	switch {
	case t == "":
		c.afterBlank = true
		if c.field != fieldExample {
			c.dst().flush()
		}
		return
	case !indented && c.startMember(t):
	case !indented && c.startSection(t):
	case !indented && c.startDirective(t):
	case indented || c.absorbing || (c.field != fieldBody && !c.afterBlank):
		c.content(t)
	default:
		c.endField()
		c.inFeatures = false
		c.content(t)
	}
	c.afterBlank = false
}

// startMember handles "@name: text", a member or, after "Features:", a
// feature.
func (c *qapiComment) startMember(t string) bool {
	rest, ok := strings.CutPrefix(t, "@")
	name, text, found := strings.Cut(rest, ":")
	if !ok || !found || !isDefName(name) {
		return false
	}
	c.endField()
	c.itemList = &c.ref.Members
	if c.inFeatures {
		c.itemList = &c.ref.Features
	}
	*c.itemList = append(*c.itemList, RefMember{Name: name})
	c.field, c.item = fieldMembers, &prose{}
	c.item.text(qapiPlain(text))
	return true
}

// startSection handles a tagged section line such as "Returns: text".
func (c *qapiComment) startSection(t string) bool {
	tag, text, found := strings.Cut(t, ":")
	if !found || strings.ContainsAny(tag, " \t") && !strings.EqualFold(tag, "see also") {
		return false
	}
	field, _, ok := fieldOf(tag)
	if !ok {
		return false
	}
	c.endField()
	c.inFeatures = field == fieldFeatures
	c.field, c.absorbing = field, field == fieldExample || field == fieldNote
	if field == fieldExample {
		c.ex.start()
	}
	c.content(strings.TrimSpace(text))
	return true
}

// startDirective handles ".. name:: text". Its content follows indented,
// so the first unindented line after a blank one ends it.
func (c *qapiComment) startDirective(t string) bool {
	rest, ok := strings.CutPrefix(t, ".. ")
	name, text, found := strings.Cut(rest, "::")
	if !ok || !found {
		return false
	}
	c.endField()
	c.inFeatures = false
	switch name = strings.TrimSpace(name); {
	case name == "qmp-example" || name == "code-block":
		c.field = fieldExample
		c.ex.start()
	case name == "note" || name == "warning" || name == "admonition" || name == "important" || name == "caution":
		c.field = fieldNote
	default:
		c.field = fieldSkip
	}
	c.content(strings.TrimSpace(text))
	return true
}

// content adds text to the current field.
func (c *qapiComment) content(t string) {
	switch c.field {
	case fieldExample:
		if title, ok := strings.CutPrefix(t, ":title:"); ok {
			t = strings.TrimSpace(title)
		}
		c.ex.line(t)
	case fieldSkip:
	default:
		if strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ") {
			c.dst().bullet()
			t = t[2:]
		}
		c.dst().text(qapiPlain(t))
	}
}

func (c *qapiComment) endField() {
	if c.item != nil {
		(*c.itemList)[len(*c.itemList)-1].Description = c.item.String()
		c.item = nil
	}
	if n := c.note.String(); n != "" {
		c.notes = append(c.notes, n)
	}
	c.note = prose{}
	c.field, c.absorbing = fieldBody, false
}

func (c *qapiComment) finish() *Ref {
	c.endField()
	r := &c.ref
	r.Body = c.body.String()
	r.Returns, r.Errors, r.Since = c.returns.String(), c.errors.String(), c.since.String()
	r.Notes, r.Examples = c.notes, c.ex.done()
	r.Summary = refSummary(r)
	return r
}

// qapiPlain strips the markup doc comments use in prose: "@name"
// references, double-backquoted literals and :role:`text` references.
func qapiPlain(s string) string {
	if !strings.ContainsAny(s, "@`") {
		return s
	}
	s = strings.ReplaceAll(s, "``", "")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '@' && i+1 < len(s) && isNameStart(s[i+1]) && (i == 0 || !isWordByte(s[i-1])):
		case c == ':' && i+1 < len(s) && strings.Contains(s[i+1:], ":`") && isRoleStart(s[i+1:]):
			i += strings.Index(s[i+1:], ":`") + 2
		case c == '`':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isNameStart(c byte) bool { return c == '_' || unicode.IsLetter(rune(c)) }

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// isRoleStart reports whether s begins with "role:`" (e.g. "ref:`"), the
// colon before it already consumed.
func isRoleStart(s string) bool {
	end := strings.Index(s, ":`")
	for _, r := range s[:end] {
		if r != ':' && r != '-' && !unicode.IsLetter(r) {
			return false
		}
	}
	return end > 0
}
