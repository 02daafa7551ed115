//go:build linux

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// A hostile fake server for the headless commands: every string it sends
// (greeting, schema names, error class and description, HMP text, return
// values, event data) carries terminal controls, each right before the
// marker "HX", so a test tells the server's bytes from qmpdash's own.

// hostileControls are what a server must not get to a terminal.
var hostileControls = []string{"\x1b", "\x07", "\r", "\u009b", "\x9b", "\u202e", "\u2066", "\u200b"}

// hostile is the payload: OSC 52 (clipboard), then each control before the
// marker.
var hostile = func() string {
	parts := []string{"\x1b]52;c;SFg=\x07HX"}
	for _, c := range hostileControls {
		parts = append(parts, c+"HX")
	}
	return strings.Join(parts, " ")
}()

// jsonString encodes s as JSON the way a server may: controls escaped,
// C1 and bidi characters raw (JSON allows them), a stray byte raw.
func jsonString(s string) string {
	b, _ := json.Marshal(s)                                    // \x9b becomes \ufffd here
	return strings.ReplaceAll(string(b), `\ufffdHX`, "\x9bHX") // put it back
}

// hostileSchema declares the commands the tests send, with an enum whose
// values and a member whose name are hostile.
func hostileSchema() string {
	h := jsonString(hostile)
	return strings.ReplaceAll(`[{"name": "str", "meta-type": "builtin", "json-type": "string"},
{"name": "int", "meta-type": "builtin", "json-type": "int"},
{"name": "any", "meta-type": "builtin", "json-type": "value"},
{"name": "0", "meta-type": "object", "members": []},
{"name": "1", "meta-type": "object", "members": [{"name": "command-line", "type": "str"}, {"name": "cpu-index", "type": "int", "default": null}]},
{"name": "2", "meta-type": "enum", "values": [`+h+`, "plain"]},
{"name": "3", "meta-type": "object", "members": [{"name": "mode", "type": "2"}, {"name": `+jsonString("m"+hostile)+`, "type": "str", "default": null}]},
{"name": "human-monitor-command", "meta-type": "command", "arg-type": "1", "ret-type": "str"},
{"name": "query-hostile", "meta-type": "command", "arg-type": "0", "ret-type": "any"},
{"name": "query-hostile-error", "meta-type": "command", "arg-type": "0", "ret-type": "any"},
{"name": "hostile-cmd", "meta-type": "command", "arg-type": "3", "ret-type": "any"},
{"name": "query-status", "meta-type": "command", "arg-type": "0", "ret-type": "any"},
{"name": "query-qmp-schema", "meta-type": "command", "arg-type": "0", "ret-type": "any"}]`, "\n", " ") // one message, one line
}

// hostileServer serves every connection until the test ends and returns
// its socket path.
func hostileServer(t *testing.T) string {
	srv := qmptest.NewServer(t)
	h := jsonString(hostile)
	greeting := `{"QMP": {"version": {"qemu": {"micro": 0, "minor": 2, "major": 7}, "package": ` + h + `}, "capabilities": []}}` + "\r\n"
	event := qmptest.EventLine("HOSTILE_EVENT", `{"text": `+h+`}`)
	srv.AcceptAll(func(peer *qmptest.Peer) {
		peer.Write(greeting)
		peer.Serve(func(r qmptest.Request) string {
			switch r.Name() {
			case "qmp_capabilities":
				return qmptest.ReplyLine(r, "{}") + event
			case "query-qmp-schema":
				return qmptest.ReplyLine(r, hostileSchema())
			case "human-monitor-command":
				return qmptest.ReplyLine(r, jsonString("line one\r\n"+hostile+"\r\n"))
			case "query-hostile":
				return event + qmptest.ReplyLine(r, `{"text": `+h+`, `+h+`: [`+h+`]}`)
			case "query-hostile-error", "hostile-cmd":
				return fmt.Sprintf(`{"id": %s, "error": {"class": %s, "desc": %s}}`+"\r\n", r.ID, jsonString("Generic"+hostile), h)
			}
			return qmptest.ReplyLine(r, `{"status": "running", "running": true}`)
		})
	})
	return srv.Path
}

// checkNoHostileControls fails if any of the server's controls reached out
// as it was sent. Strict output (no line editor) may hold none of the
// controls at all, except the CR of a terminal's CRLF line end.
func checkNoHostileControls(t *testing.T, what string, out []byte, strict bool) {
	t.Helper()
	if !bytes.Contains(out, []byte("HX")) {
		t.Errorf("%s: the hostile text was not printed at all, so nothing was tested:\n%q", what, out)
	}
	var leaked []string
	for _, c := range append(hostileControls, "\x1b]52") {
		if bytes.Contains(out, []byte(c+"HX")) || (c == "\x1b]52" && bytes.Contains(out, []byte(c))) {
			leaked = append(leaked, fmt.Sprintf("%q", c))
		}
	}
	if strict {
		clean := bytes.ReplaceAll(out, []byte("\r\n"), []byte("\n"))
		for i := 0; i < len(clean); {
			_, size := utf8.DecodeRune(clean[i:])
			if c := string(clean[i : i+size]); slices.Contains(hostileControls, c) {
				leaked = append(leaked, fmt.Sprintf("%q at byte %d", c, i))
				break
			}
			i += size
		}
	}
	if leaked != nil {
		t.Errorf("%s: the server's %s reached the output:\n%q", what, strings.Join(leaked, ", "), out)
	}
}
