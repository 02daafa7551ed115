package cmdline

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// txOpen is the word that starts a transaction.
const txOpen = "transaction("

// Parser parses input line by line and remembers an unfinished multi-line
// transaction between calls. The zero value is ready to use. A Parser is
// not safe for concurrent use.
type Parser struct {
	// HMPMode makes every line that is not blank or a comment an HMP
	// command line, as the shell's -H flag asks.
	HMPMode bool

	tx *Line // the transaction being typed, or nil
}

// Parse parses one complete line. A transaction must be closed on the same
// line; use a [Parser] to accept one spread over several lines. Every error
// is a *SyntaxError, and on error the Line is nil.
func Parse(s string) (*Line, error) {
	var p Parser
	l, more, err := p.Feed(s)
	if more {
		_, end := trim(s)
		return nil, errAt(s, end, "unterminated transaction: expected ')' as a word of its own")
	}
	return l, err
}

// Feed parses the next line of input. When the line opens or continues a
// transaction that is not closed yet, Feed returns more=true and a nil
// Line: feed the next line. Blank lines and comments inside a transaction
// are skipped. Otherwise it returns the complete Line, or a *SyntaxError
// whose positions refer to s; an error also discards the unfinished
// transaction, so the next line starts afresh.
func (p *Parser) Feed(s string) (l *Line, more bool, err error) {
	l, e := p.feed(s)
	if e != nil {
		p.tx = nil
		return nil, false, e
	}
	return l, p.tx != nil, nil
}

// Pending reports whether a multi-line transaction is open, so that a
// shell can show a continuation prompt.
func (p *Parser) Pending() bool {
	return p.tx != nil
}

// Reset discards an unfinished transaction, e.g. when the user presses
// Ctrl-C at a continuation prompt.
func (p *Parser) Reset() {
	p.tx = nil
}

// feed parses s; a nil Line without error means the transaction goes on.
func (p *Parser) feed(s string) (*Line, *SyntaxError) {
	if !utf8.ValidString(s) {
		// QMP speaks UTF-8 JSON; replacing bad bytes would send
		// something other than what the user typed.
		return nil, errAt(s, firstInvalid(s), "invalid UTF-8")
	}
	start, end := trim(s)
	if start == end || s[start] == '#' {
		if p.tx != nil {
			return nil, nil
		}
		return &Line{Kind: Empty}, nil
	}
	switch {
	case p.tx != nil:
		return p.txBody(s, start)
	case p.HMPMode:
		return &Line{Kind: HMP, HMP: s[start:end]}, nil
	case s[start] == '{':
		return parseRaw(s, start, end)
	case s[start] == ')':
		return nil, errAt(s, start, "')' outside a transaction")
	case isWordAt(s, start, "hmp"):
		i := skipSpace(s, start+len("hmp"), end)
		if i == end {
			return nil, errAt(s, i, "missing HMP command line after hmp")
		}
		return &Line{Kind: HMP, HMP: s[i:end]}, nil
	}
	i := start
	force := s[i] == '!'
	if force {
		i++
	}
	if strings.HasPrefix(s[i:], txOpen) {
		p.tx = &Line{Kind: Transaction, Force: force}
		return p.txBody(s, i+len(txOpen))
	}
	return parseCommand(s, i, force)
}

// parseRaw checks a line typed as a raw QMP message. It must be exactly a
// JSON object, since it is sent without any rewriting.
func parseRaw(s string, start, end int) (*Line, *SyntaxError) {
	p := literal{s: s, lim: end, strict: true}
	n, err := p.value(start, 0)
	if err != nil {
		return nil, err
	}
	if n = skipSpace(s, n, end); n < end {
		return nil, errAt(s, n, "unexpected text after the JSON object")
	}
	return &Line{Kind: RawJSON, Raw: json.RawMessage(s[start:end])}, nil
}

// parseCommand parses "name key=value ..." with the name at s[i].
func parseCommand(s string, i int, force bool) (*Line, *SyntaxError) {
	if i == len(s) || isSpace(s[i]) {
		return nil, errAt(s, i, "missing command name after '!'")
	}
	toks := lex(s, i, false)
	name := toks[0]
	if err := checkName(s, name, "command name"); err != nil {
		return nil, err
	}
	var file *PassFile
	argToks := make([]token, 0, len(toks)-1)
	for _, t := range toks[1:] {
		if !isPassFile(s, t) {
			argToks = append(argToks, t)
			continue
		}
		if file != nil {
			return nil, errAt(s, t.start, "only one file can be passed with a command")
		}
		f, err := parsePassFile(s, t)
		if err != nil {
			return nil, err
		}
		file = f
	}
	args, err := parseArgs(s, argToks, false)
	if err != nil {
		return nil, err
	}
	return &Line{
		Kind:       Command,
		Force:      force,
		Command:    s[name.start:name.end],
		CommandPos: name.start,
		Args:       args,
		File:       file,
	}, nil
}

// txBody parses the part of a transaction line from s[i]: actions separated
// by ';' and, perhaps, the closing ')' followed by properties. Each line
// starts a new action. It returns the finished Line once ')' is read.
func (p *Parser) txBody(s string, i int) (*Line, *SyntaxError) {
	tx := p.tx
	toks := lex(s, i, true)
	inAction := false
	var keys keyTree
	for k, t := range toks {
		w := s[t.start:t.end]
		switch {
		case w == ";":
			inAction = false
		case w == ")":
			props, err := parseArgs(s, toks[k+1:], true)
			if err != nil {
				return nil, err
			}
			if len(tx.Actions) == 0 {
				return nil, errAt(s, t.start, "transaction has no actions")
			}
			tx.Properties = props
			p.tx = nil
			return tx, nil
		case !inAction:
			if strings.HasPrefix(strings.TrimPrefix(w, "!"), txOpen) {
				return nil, errAt(s, t.start, "nested transaction")
			}
			if err := checkName(s, t, "action type"); err != nil {
				return nil, err
			}
			tx.Actions = append(tx.Actions, Action{Type: w, TypePos: t.start})
			inAction, keys = true, keyTree{}
		default:
			a, err := parseArg(s, t, &keys, false)
			if err != nil {
				return nil, err
			}
			last := &tx.Actions[len(tx.Actions)-1]
			last.Args = append(last.Args, a)
		}
	}
	return nil, nil
}

// parseArgs parses key=value tokens into Args, rejecting conflicting keys.
// afterClose says the tokens follow a transaction's ')'.
func parseArgs(s string, toks []token, afterClose bool) ([]Arg, *SyntaxError) {
	var keys keyTree
	var args []Arg
	for _, t := range toks {
		a, err := parseArg(s, t, &keys, afterClose)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	return args, nil
}

// parseArg parses one key=value token and records its key in keys.
func parseArg(s string, t token, keys *keyTree, afterClose bool) (Arg, *SyntaxError) {
	if isPassFile(s, t) { // parseCommand takes them out of a command's words
		return Arg{}, errAt(s, t.start, "a file can be passed only with a single command, not in a transaction")
	}
	if t.eq < 0 {
		w := s[t.start:t.end]
		switch {
		case afterClose:
			return Arg{}, errAt(s, t.start, "expected key=value after ')', got %q", w)
		case w == ")":
			return Arg{}, errAt(s, t.start, "')' outside a transaction")
		}
		return Arg{}, errAt(s, t.start, "expected key=value, got %q", w)
	}
	path, err := splitKey(s, t.start, t.eq)
	if err != nil {
		return Arg{}, err
	}
	v, err := parseValue(s, t.eq+1, t.end)
	if err != nil {
		return Arg{}, err
	}
	a := Arg{Key: s[t.start:t.eq], Path: path, KeyPos: t.start, Value: v}
	if msg := keys.insert(path, &a.Value); msg != "" {
		return Arg{}, errAt(s, t.start, "%s", msg)
	}
	return a, nil
}

// checkName validates a command name or action type. Dots are allowed for
// QAPI downstream names such as __com.redhat_drive-add.
func checkName(s string, t token, what string) *SyntaxError {
	for i := t.start; i < t.end; i++ {
		c := s[i]
		switch {
		case isNameByte(c) || c == '.':
		case i == t.eq:
			return errAt(s, t.start, "expected the %s before key=value", what)
		default:
			return errAt(s, i, "invalid character %q in %s", firstRune(s[i:]), what)
		}
	}
	return nil
}

// isWordAt reports whether s[i:] starts with the word w followed by a space
// or the end of the line.
func isWordAt(s string, i int, w string) bool {
	j := i + len(w)
	return strings.HasPrefix(s[i:], w) && (j == len(s) || isSpace(s[j]))
}

// firstInvalid returns the offset of the first invalid UTF-8 byte in s.
func firstInvalid(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}
	return len(s)
}
