package termtext

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// Condense renders a JSON value on one line in the command language's
// key=value style, for summaries: objects become `a=1 b.c=x`, arrays
// `[1, 2]`, strings stay bare unless they need quotes. The result is cut
// to max runes with "…" (max <= 0: no limit). Control characters come out
// escaped, so the text is safe to show; invalid JSON is shown as a quoted
// string; nothing renders as nothing.
func Condense(raw []byte, max int) string {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "" // no data at all, as for an event without "data"
	}
	var b condenser
	b.max = max
	v := gjson.ParseBytes(raw)
	if qmp.TooDeep(raw) || !gjson.ValidBytes(raw) { // gjson recurses per level
		b.str(string(raw))
	} else if v.IsObject() {
		b.members("", v)
	} else {
		b.value(v, 0)
	}
	return b.result()
}

// condenser builds the text and stops adding once it is over the limit,
// so a huge reply costs only as much as the visible part.
type condenser struct {
	sb  strings.Builder
	max int
	n   int
}

const maxCondenseDepth = 64

func (b *condenser) full() bool { return b.max > 0 && b.n > b.max }

func (b *condenser) write(s string) {
	if b.full() {
		return
	}
	s = b.room(s)
	b.sb.WriteString(s)
	b.n += utf8.RuneCountInString(s)
}

// room cuts s to one rune more than the limit leaves room for (result
// then ends the text in "…"), so that a megabyte string costs no more
// than the part shown.
func (b *condenser) room(s string) string {
	if b.max <= 0 {
		return s
	}
	return headRunes(s, b.max-b.n+1)
}

// headRunes is the first n runes of s.
func headRunes(s string, n int) string {
	for i := range s {
		if n--; n < 0 {
			return s[:i]
		}
	}
	return s
}

func (b *condenser) members(prefix string, obj gjson.Result) {
	first := b.n == 0
	obj.ForEach(func(k, v gjson.Result) bool {
		key := prefix + k.String()
		if v.IsObject() && len(v.Map()) > 0 && len(prefix) < 256 {
			b.members(key+".", v)
			first = b.n == 0
			return !b.full()
		}
		if !first {
			b.write(" ")
		}
		first = false
		b.write(EscapeControls(key))
		b.write("=")
		b.keyed(key, v, 0)
		return !b.full()
	})
}

func (b *condenser) value(v gjson.Result, depth int) {
	switch {
	case depth > maxCondenseDepth:
		b.write("…")
	case v.IsArray():
		b.write("[")
		i := 0
		v.ForEach(func(_, el gjson.Result) bool {
			if i > 0 {
				b.write(", ")
			}
			i++
			b.value(el, depth+1)
			return !b.full()
		})
		b.write("]")
	case v.IsObject():
		b.write("{")
		i := 0
		v.ForEach(func(k, el gjson.Result) bool {
			if i > 0 {
				b.write(", ")
			}
			i++
			b.write(EscapeControls(k.String()))
			b.write(": ")
			b.keyed(k.String(), el, depth+1)
			return !b.full()
		})
		b.write("}")
	case v.Type == gjson.String:
		b.str(v.String())
	default:
		b.write(v.Raw)
	}
}

// keyed writes the value of the member at the dotted key: a byte count
// (byteUnit) with its human form beside it, anything else as value does.
func (b *condenser) keyed(key string, v gjson.Result, depth int) {
	if v.Type == gjson.Number {
		if unit := byteUnit(key); unit != "" {
			b.write(v.Raw)
			if h := HumanBytes(v.Raw); h != "" {
				b.write(" (" + h + strings.TrimPrefix(unit, "B") + ")")
			}
			return
		}
	}
	b.value(v, depth)
}

// str writes a string bare when it reads unambiguously as a bare word.
func (b *condenser) str(s string) {
	s = b.room(s)
	if s != "" && !strings.ContainsAny(s, " \t\"'=[]{}") && EscapeControls(s) == s {
		b.write(s)
		return
	}
	b.write(`"` + strings.ReplaceAll(EscapeControls(s), `"`, `\"`) + `"`)
}

func (b *condenser) result() string {
	s := b.sb.String()
	if b.max > 0 && b.n > b.max {
		return headRunes(s, b.max-1) + "…"
	}
	return s
}
