package cmdline

import "strings"

// Target says which part of a line the cursor is in.
type Target int

const (
	// TargetNone means there is nothing to complete at the cursor: raw
	// JSON, HMP text, a comment, a ')' or ';'.
	TargetNone Target = iota
	// TargetCommand is the command name, or an action type inside a
	// transaction.
	TargetCommand
	// TargetKey is the key of a key=value pair, or a word that may become
	// one.
	TargetKey
	// TargetValue is the value after '='.
	TargetValue
)

// Context describes the word under the cursor, for completion.
type Context struct {
	// Target is the kind of word at the cursor.
	Target Target
	// Start and End are the byte span of the word to replace: the command
	// name, the key (up to '='), or the value. Start == End when the
	// cursor is where a new word would begin.
	Start, End int
	// Prefix is the part of the word before the cursor.
	Prefix string
	// Command is the command name or action type that the key or value
	// belongs to; it is empty for a transaction's properties.
	Command string
	// InTransaction is set inside a transaction: Command then is an action
	// type, or empty after the closing ')'.
	InTransaction bool
	// Path is the key's path for TargetValue; nil if the key is invalid.
	Path []string
	// Used holds the keys already typed for the same command, as typed,
	// except the one at the cursor (TargetKey and TargetValue).
	Used []string
}

// Locate reports what the cursor (a byte offset into s, clamped to it) is
// in. It works on incomplete input, where an unclosed quote or bracket runs
// to the end of the line, and never fails. It treats s as a line on its
// own; inside a multi-line transaction use [Parser.Locate].
func Locate(s string, cursor int) Context {
	return locate(s, cursor, false, false)
}

// Locate is like the function Locate but knows the parser's state: an open
// multi-line transaction makes s an action line, and HMPMode leaves
// nothing to complete.
func (p *Parser) Locate(s string, cursor int) Context {
	return locate(s, cursor, p.tx != nil, p.HMPMode)
}

// locate implements both Locate functions; inTx says that s continues a
// transaction, hmp that the whole line is HMP text.
func locate(s string, cursor int, inTx, hmp bool) Context {
	cursor = max(0, min(cursor, len(s)))
	i, _ := trim(s)
	if hmp || (i < len(s) && (s[i] == '#' || s[i] == '{')) ||
		(!inTx && isWordAt(s, i, "hmp") && cursor > i+len("hmp")) {
		return Context{}
	}
	if !inTx {
		if i < len(s) && s[i] == '!' {
			i++
		}
		if strings.HasPrefix(s[i:], txOpen) && cursor >= i+len(txOpen) {
			inTx = true
			i += len(txOpen)
		}
	}
	toks := lex(s, i, inTx)
	isSep := func(t token) bool {
		w := s[t.start:t.end]
		return inTx && (w == ";" || w == ")")
	}

	// hit is the token under the cursor; before counts the tokens that
	// end at or before it, which is where a new word would go.
	hit, before := -1, 0
	for k, t := range toks {
		if t.end <= cursor {
			before = k + 1
		}
		if hit < 0 && t.start <= cursor && cursor <= t.end && !isSep(t) {
			hit = k
		}
	}
	pos := before
	if hit >= 0 {
		pos = hit
	}

	first, last, props := segment(s, toks, pos, isSep)
	ctx := Context{InTransaction: inTx, Start: cursor, End: cursor}
	if !props {
		if pos == first {
			ctx.Target = TargetCommand
			if hit >= 0 {
				ctx.Start, ctx.End = toks[hit].start, toks[hit].end
			}
			ctx.Prefix = s[ctx.Start:cursor]
			return ctx
		}
		ctx.Command = s[toks[first].start:toks[first].end]
		first++
	}
	for k := first; k < last; k++ {
		if t := toks[k]; k != hit && t.eq > t.start {
			ctx.Used = append(ctx.Used, s[t.start:t.eq])
		}
	}
	ctx.Target = TargetKey
	if hit >= 0 {
		t := toks[hit]
		ctx.Start, ctx.End = t.start, t.end
		if t.eq >= 0 {
			ctx.End = t.eq
			if cursor > t.eq {
				ctx.Target, ctx.Start, ctx.End = TargetValue, t.eq+1, t.end
				ctx.Path, _ = splitKey(s, t.start, t.eq)
			}
		}
	}
	ctx.Prefix = s[ctx.Start:cursor]
	return ctx
}

// segment finds the tokens of the command or action holding token index
// pos: after the last separator before it, up to the next one. props is
// set after a transaction's ')', where every token is a property.
func segment(s string, toks []token, pos int, isSep func(token) bool) (first, last int, props bool) {
	for k := pos - 1; k >= 0; k-- {
		if isSep(toks[k]) {
			first, props = k+1, s[toks[k].start:toks[k].end] == ")"
			break
		}
	}
	last = len(toks)
	for k := pos; k < len(toks); k++ {
		if isSep(toks[k]) {
			last = k
			break
		}
	}
	return first, last, props
}
