package docs

import "strings"

// Fields of a definition: where text goes while it is being read.
const (
	fieldBody     = ""
	fieldMembers  = "members"
	fieldFeatures = "features"
	fieldReturns  = "returns"
	fieldErrors   = "errors"
	fieldSince    = "since"
	fieldNote     = "note"
	fieldExample  = "example"
	fieldSkip     = "skip"
)

// fieldOf maps a section label ("Arguments", "Returns", "Example: ...")
// to its field, or reports false for labels that are not sections.
func fieldOf(label string) (field, title string, ok bool) {
	word, title, _ := strings.Cut(strings.TrimSpace(label), ":")
	if title != "" && !strings.HasPrefix(strings.ToLower(word), "example") {
		return "", "", false
	}
	switch strings.ToLower(strings.TrimSpace(word)) {
	case "arguments", "members", "values", "data", "branches":
		return fieldMembers, "", true
	case "features":
		return fieldFeatures, "", true
	case "returns", "return":
		return fieldReturns, "", true
	case "errors":
		return fieldErrors, "", true
	case "since":
		return fieldSince, "", true
	case "note", "notes", "warning", "caution", "important", "hint", "tip", "attention", "see also":
		return fieldNote, "", true
	case "example", "examples":
		return fieldExample, strings.TrimSpace(title), true
	case "if", "todo":
		return fieldSkip, "", true
	}
	return "", "", false
}

// manDef accumulates one definition of a man page.
type manDef struct {
	ref        Ref
	ten        bool // 10.x layout: items are "name (type) -- text" bullets
	depth      int  // indentation of the 10.x signature
	fieldDepth int  // indentation the field started at; -1 for 7.x sections
	itemDepth  int  // indentation of the field's items; -1 before the first
	sections
	notes []string
	ex    examples
	// itemIdx is the index of sections.item in the field's list, or -1
	// for a 10.x item whose header is parsed from the text when it ends.
	itemIdx int
}

// newManDef starts a definition; ten selects the 10.x layout, whose
// signature carries since.
func newManDef(name, meta, since string, ten bool, depth int) *manDef {
	return &manDef{ref: Ref{Name: name, Meta: meta, Kind: refKindOf(meta), Since: since},
		ten: ten, depth: depth, fieldDepth: -1, itemDepth: -1}
}

// refKindOf maps a documentation meta word to a RefKind.
func refKindOf(meta string) RefKind {
	switch strings.ToLower(meta) {
	case "command":
		return RefCommand
	case "event":
		return RefEvent
	case "object", "struct", "enum", "union", "alternate", "built-in":
		return RefType
	}
	return RefUnknown
}

// section switches to the field labelled label, reporting false when the
// label is no section. depth is -1 for 7.x subsections, which end only at
// the next one.
func (d *manDef) section(label string, depth int) bool {
	field, title, ok := fieldOf(label)
	if !ok {
		return false
	}
	d.endField()
	d.field, d.fieldDepth, d.itemDepth = field, depth, -1
	if field == fieldExample {
		d.ex.start()
		if title != "" {
			d.ex.line(title)
		}
	}
	return true
}

// tag handles a .TP tag inside the definition: a 7.x member, a "The
// members of" line, or a term of some list in the prose.
func (d *manDef) tag(text string, depth int) {
	if d.field != fieldMembers && d.field != fieldFeatures {
		d.dst().flush()
		d.text(text)
		d.dst().flush()
		return
	}
	inc, isInclude := parseInclude(text)
	m := parse7xItem(text)
	if d.item != nil && (depth > d.itemDepth || !isInclude && !isDefName(m.Name)) {
		// A term of a list inside the member's description.
		d.item.flush()
		d.item.text(text)
		d.item.flush()
		return
	}
	d.finishItem()
	if d.itemDepth < 0 {
		d.itemDepth = depth
	}
	if isInclude {
		d.ref.Includes = append(d.ref.Includes, inc)
		return
	}
	list := d.list()
	*list = append(*list, m)
	d.item, d.itemIdx = &prose{}, len(*list)-1
}

// indentedParagraph handles .IP: a bullet, a numbered item, or in 10.x
// an admonition such as "Note" or "Example:".
func (d *manDef) indentedParagraph(label string, depth int, ten bool) {
	if label == "" {
		d.paraBreak()
		return
	}
	if ten && isAdmonition(label) && d.section(label, depth) {
		return
	}
	if label != "*" && label != "-" && label != "o" {
		d.dst().flush()
		d.text(label)
		return
	}
	if d.ten && (d.field == fieldMembers || d.field == fieldFeatures) {
		if d.itemDepth < 0 {
			d.itemDepth = depth
		}
		if depth <= d.itemDepth {
			d.finishItem()
			d.item, d.itemIdx = &prose{}, -1
			return
		}
	}
	d.dst().bullet()
}

// isAdmonition reports whether an .IP label opens a note or example.
func isAdmonition(label string) bool {
	f, _, ok := fieldOf(label)
	return ok && (f == fieldNote || f == fieldExample)
}

func (d *manDef) text(s string) {
	switch d.field {
	case fieldExample:
		d.ex.line(s)
	case fieldSkip:
	case fieldMembers, fieldFeatures:
		if d.item == nil && d.ten {
			d.item, d.itemIdx = &prose{}, -1
		}
		d.dst().text(s)
	default:
		d.dst().text(s)
	}
}

func (d *manDef) preLine(s string) {
	switch d.field {
	case fieldExample:
		d.ex.line(s)
	case fieldSkip:
	default:
		d.dst().pre(s)
	}
}

// startPre begins a no-fill block; in an example section each block is
// one example.
func (d *manDef) startPre() {
	if d.field == fieldExample {
		d.ex.start()
	}
}

func (d *manDef) paraBreak() {
	if d.field != fieldExample && d.field != fieldSkip {
		d.dst().flush()
	}
}

// list returns the member list the current field fills.
func (d *manDef) list() *[]RefMember {
	if d.field == fieldFeatures {
		return &d.ref.Features
	}
	return &d.ref.Members
}

// closeTo ends the item and field that the indentation now at depth held.
func (d *manDef) closeTo(depth int) {
	if d.item != nil && depth < d.itemDepth {
		d.finishItem()
	}
	if d.fieldDepth >= 0 && depth < d.fieldDepth {
		d.endField()
	}
}

func (d *manDef) finishItem() {
	if d.item == nil {
		return
	}
	text := d.item.String()
	d.item = nil
	if d.itemIdx >= 0 {
		(*d.list())[d.itemIdx].Description = text
		return
	}
	if inc, ok := parseInclude(text); ok {
		d.ref.Includes = append(d.ref.Includes, inc)
		return
	}
	if m, ok := parse10xItem(text); ok {
		*d.list() = append(*d.list(), m)
	}
}

func (d *manDef) endField() {
	d.finishItem()
	if d.field == fieldNote {
		if n := d.note.String(); n != "" {
			d.notes = append(d.notes, n)
		}
		d.note = prose{}
	}
	d.field, d.fieldDepth, d.itemDepth = fieldBody, -1, -1
}

// finish returns the completed Ref.
func (d *manDef) finish() *Ref {
	d.endField()
	r := &d.ref
	r.Body = d.body.String()
	r.Returns = d.returns.String()
	r.Errors = d.errors.String()
	if s := d.since.String(); s != "" {
		r.Since = s
	}
	r.Notes = d.notes
	r.Examples = d.ex.done()
	r.Summary = refSummary(r)
	return r
}
