package views

import (
	"strings"

	"github.com/tidwall/gjson"
)

// textLines shows s, text a server produced, as the lines it is made of:
// CRLF and LF end lines, tabs go to the next multiple of 8 columns, and any
// other control character is left to DrawLine, which shows it escaped. A
// final line end opens no empty line.
func textLines(s string, th Theme) LineSlice {
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return LineSlice{{{Text: "(no output)", Style: th.Dim}}}
	}
	parts := strings.Split(s, "\n")
	out := make(LineSlice, len(parts))
	for i, p := range parts {
		out[i] = Line{{Text: expandTabs(p), Style: th.Base}}
	}
	return out
}

// expandTabs replaces each tab with the spaces up to the next tab stop.
func expandTabs(s string) string {
	if !strings.Contains(s, "\t") {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// hmpReplyText is the text of a human-monitor-command reply, as lines, and
// false when the reply carries no text (an error, or not JSON).
func hmpReplyText(reply []byte, th Theme) (LineSlice, bool) {
	ret := gjson.GetBytes(reply, "return")
	if ret.Type != gjson.String {
		return nil, false
	}
	return textLines(ret.String(), th), true
}
