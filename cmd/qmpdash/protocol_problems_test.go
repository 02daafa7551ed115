//go:build linux

package main

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// troubledServer is a fake QMP monitor that breaks the protocol where the
// client cannot blame a command for it: a garbage line before its greeting
// (hence --qmp: detection would take it for a guest agent), and a reply
// with an id nobody sent right before the reply of any request naming
// "stray". The reply of a request naming "slow" comes only with the reply
// of the next request: late, when the client gave up on it. All it sends
// carries the hostile payload.
func troubledServer(t *testing.T) string {
	srv := qmptest.NewServer(t)
	h := jsonString(hostile)
	srv.AcceptAll(func(peer *qmptest.Peer) {
		peer.Write("garbage "+hostile+"\r\n", qmptest.Greeting72+"\r\n")
		var slow *qmptest.Request
		peer.Serve(func(r qmptest.Request) string {
			before := ""
			if slow != nil {
				before, slow = qmptest.ReplyLine(*slow, `{"late": `+h+`}`), nil
			}
			switch {
			case r.Name() == "qmp_capabilities":
				return qmptest.ReplyLine(r, "{}")
			case r.Name() == "query-qmp-schema":
				return `{"id": ` + string(r.ID) + `, "error": {"class": "CommandNotFound", "desc": "no schema"}}` + "\r\n"
			case strings.Contains(r.Line, "stray"):
				return before + `{"return": {"stray": ` + h + `}, "id": "nobody's"}` + "\r\n" + qmptest.ReplyLine(r, `"done"`)
			case strings.Contains(r.Line, "slow"):
				slow = &r
				return before
			}
			return before + qmptest.ReplyLine(r, `{"status": "running"}`)
		})
	})
	return srv.Path
}

// exec and shell report messages that break the protocol on stderr,
// escaped, with the totals, and carry on: the command succeeds.
func TestExecAndShellReportProtocolProblems(t *testing.T) {
	privateXDG(t)
	sock := troubledServer(t)
	const want = "2 messages that broke the protocol skipped"
	runs := []struct {
		name, stdin string
		args        []string
		out         []string
	}{
		{"exec", "", []string{"exec", "--qmp", sock, "stray"}, []string{`"done"`}},
		{"shell piped", "stray\nquery-status\n", []string{"shell", "--qmp", sock}, []string{`"done"`, `"status":"running"`}},
		{"shell -H piped", "info stray\ninfo status\n", []string{"shell", "-H", "--qmp", sock}, []string{"done", `"status":"running"`}},
	}
	for _, r := range runs {
		code, out, errOut := runIn(t, r.stdin, r.args...)
		if code != 0 || !strings.Contains(errOut, want) || !strings.Contains(errOut, "reply for unknown id") {
			t.Errorf("%s: exit %d, stderr %q; want 0 and %q", r.name, code, errOut, want)
		}
		for _, o := range r.out {
			if !strings.Contains(out, o) {
				t.Errorf("%s: stdout %q lacks %s", r.name, out, o)
			}
		}
		checkNoHostileControls(t, r.name+" stderr", []byte(errOut), true)
	}
}

// A reply that comes after the shell gave up on its command is reported
// as late, and the next line still runs.
func TestShellReportsLateReplies(t *testing.T) {
	privateXDG(t)
	sock := troubledServer(t)
	_, out, errOut := runIn(t, "slow\nquery-status\n", "shell", "--qmp", "--timeout", "100ms", sock)
	if !strings.Contains(errOut, "1 late reply ignored") || !strings.Contains(out, `"status":"running"`) {
		t.Errorf("stdout %q, stderr %q; want the late reply counted and the next line's reply", out, errOut)
	}
	checkNoHostileControls(t, "late reply", []byte(errOut), true)
}

// The interactive shell prints the report through its line editor.
func TestInteractiveShellReportsProtocolProblems(t *testing.T) {
	bin := binary(t)
	sock := troubledServer(t)
	dir := t.TempDir()
	term := startOnPty(t, bin, dir, "--qmp", sock)
	term.waitFor("(QEMU)")
	term.write("stray\r")
	term.waitFor("2 messages that broke the protocol skipped")
	term.write("\x04")
	checkNoHostileControls(t, "interactive shell", term.wait(), false)
}

// events reports the events it could not take (over the line limit, nested
// too deep, not JSON) on stderr, escaped, and prints the rest.
func TestEventsReportsEventsItCannotRead(t *testing.T) {
	privateXDG(t)
	srv := qmptest.NewServer(t)
	srv.AcceptAll(func(peer *qmptest.Peer) {
		peer.Negotiate()
		peer.Write(
			`{"event": "HUGE", "data": {"x": "`+strings.Repeat("x", qmp.DefaultMaxLineSize)+`"}}`+"\r\n",
			`{"event": "DEEP", "data": `+strings.Repeat("[", 100000)+strings.Repeat("]", 100000)+"}\r\n",
			`{"event": "BROKEN `+hostile+"\r\n",
			qmptest.EventLine("GOOD", "{}"),
		)
		peer.Serve(func(r qmptest.Request) string { return qmptest.ReplyLine(r, "{}") })
	})
	code, out, errOut := runIn(t, "", "events", "--qmp", "--count", "1", "--timeout", "60s", srv.Path)
	if code != 0 || !strings.Contains(out, `"GOOD"`) || strings.Count(out, "\n") != 1 {
		t.Errorf("exit %d, stdout %q; want 0 and the one good event", code, out)
	}
	if !strings.Contains(errOut, "3 messages that broke the protocol skipped") {
		t.Errorf("stderr %q; want the three refused events counted", errOut)
	}
	checkNoHostileControls(t, "events stderr", []byte(errOut), true)
}
