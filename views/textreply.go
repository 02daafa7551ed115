package views

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/tidwall/gjson"
)

// textLines shows s, text a server produced, as the lines it is made of:
// CRLF and LF end lines, tabs go to the next multiple of 8 columns, and any
// other control character is left to DrawLine, which shows it escaped. A
// final line end opens no empty line.
func textLines(s string, th widget.Theme) widget.LineSlice {
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	if s == "" {
		return widget.LineSlice{{{Text: "(no output)", Style: th.Dim}}}
	}
	parts := strings.Split(s, "\n")
	out := make(widget.LineSlice, len(parts))
	for i, p := range parts {
		out[i] = widget.Line{{Text: expandTabs(p), Style: th.Base}}
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
func hmpReplyText(reply []byte, th widget.Theme) (widget.LineSlice, bool) {
	ret := gjson.GetBytes(reply, "return")
	if ret.Type != gjson.String {
		return nil, false
	}
	return textLines(ret.String(), th), true
}

// base64Fields are the guest agent's members that carry data in base64:
// guest-exec-status's output, guest-file-read's reply and guest-file-write's
// argument.
var base64Fields = []string{"return.out-data", "return.err-data", "return.buf-b64", "arguments.buf-b64"}

// maxDecodedBytes bounds how much of a base64 member is decoded for show.
const maxDecodedBytes = 1 << 20

// decodedFields shows the base64 members of msg decoded, as text, each
// under a heading; nothing when msg has none or they are not base64. The
// JSON itself still shows them encoded.
func decodedFields(msg []byte, th widget.Theme) widget.LineSlice {
	var out widget.LineSlice
	for _, path := range base64Fields {
		v := gjson.GetBytes(msg, path)
		if v.Type != gjson.String {
			continue
		}
		enc := v.String()
		cut := len(enc) > base64.StdEncoding.EncodedLen(maxDecodedBytes)
		if cut {
			enc = enc[:base64.StdEncoding.EncodedLen(maxDecodedBytes)]
		}
		data, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			continue
		}
		head := path[strings.IndexByte(path, '.')+1:] + ", decoded:"
		if cut {
			head += fmt.Sprintf(" (the first %d bytes)", maxDecodedBytes)
		}
		out = append(out, widget.Line{}, widget.Line{{Text: head, Style: th.Title}})
		out = append(out, textLines(string(data), th)...)
	}
	return out
}
