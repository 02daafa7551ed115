package cmdline

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// SyntaxError describes why a line could not be parsed and where.
// Every error returned by [Parse] and [Parser.Feed] is a *SyntaxError.
type SyntaxError struct {
	// Col is the 1-based column of the error counted in runes, as the user
	// sees it; it is at most the line's rune count + 1 (just past the end).
	Col int
	// Offset is the byte offset of the error in Line.
	Offset int
	// Msg says what is wrong, without the position.
	Msg string
	// Line is the input line the error refers to.
	Line string
}

// Error returns the message prefixed with the column, e.g.
// "col 12: unterminated string".
func (e *SyntaxError) Error() string {
	return fmt.Sprintf("col %d: %s", e.Col, e.Msg)
}

// Caret returns two lines separated by '\n': the input line and a marker
// line with '^' under the error column. Tabs before the column are repeated
// in the marker so that it lines up however wide the terminal draws a tab.
// Control characters and invalid UTF-8 bytes are shown as U+FFFD, one per
// column, so that a stray newline or escape sequence cannot break the
// picture.
func (e *SyntaxError) Caret() string { return Caret(e.Line, e.Col) }

// Caret renders line and, below it, a '^' at the 1-based rune column col,
// as SyntaxError.Caret does; other stages (validation) point with it too.
func Caret(line string, col int) string {
	var shown, marker strings.Builder
	c := 1
	for _, r := range line {
		switch {
		case r == '\t':
			shown.WriteRune(r)
		case r < 0x20 || (r >= 0x7f && r < 0xa0):
			shown.WriteRune(utf8.RuneError)
		default:
			shown.WriteRune(r) // invalid bytes arrive here as RuneError already
		}
		if c < col {
			if r == '\t' {
				marker.WriteByte('\t')
			} else {
				marker.WriteByte(' ')
			}
		}
		c++
	}
	marker.WriteByte('^')
	return shown.String() + "\n" + marker.String()
}

// Column returns the 1-based rune column of byte offset off in line.
func Column(line string, off int) int { return colOf(line, off) }

// errAt builds the error for byte offset off of line.
func errAt(line string, off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{
		Col:    colOf(line, off),
		Offset: off,
		Msg:    fmt.Sprintf(format, args...),
		Line:   line,
	}
}

// colOf returns the 1-based rune column of byte offset off in line.
func colOf(line string, off int) int {
	return utf8.RuneCountInString(line[:off]) + 1
}

// firstRune returns the rune that s starts with, for messages.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}
