//go:build linux

package main

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// plainServer is a fake QMP server without a schema (so nothing is
// validated) that answers with answer(r), or {} when it returns "".
func plainServer(t *testing.T, answer func(r qmptest.Request) string) string {
	srv := qmptest.NewServer(t)
	srv.AcceptAll(func(peer *qmptest.Peer) {
		peer.Negotiate()
		peer.Serve(func(r qmptest.Request) string {
			if r.Name() == "query-qmp-schema" {
				return `{"id": ` + string(r.ID) + `, "error": {"class": "CommandNotFound", "desc": "no schema"}}` + "\r\n"
			}
			if a := answer(r); a != "" {
				return a
			}
			return qmptest.ReplyLine(r, `{"status": "running"}`)
		})
	})
	return srv.Path
}

// A reply the client cannot take (over the 64 MiB line limit, or not
// JSON) fails the command it answers, exit status 1 with the reason; the
// connection is fine, and a piped shell runs its remaining lines (then
// exits 1).
func TestRefusedReplyFailsOnlyItsCommand(t *testing.T) {
	privateXDG(t)
	tests := []struct{ name, reply, want string }{
		{"over-size", `"` + strings.Repeat("x", qmp.DefaultMaxLineSize) + `"`, "exceeds the line limit"},
		{"raw NUL", "\"a\x00b\"", "the reply could not be read: invalid JSON"},
		{"nested too deep", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), "the reply could not be read: message nested deeper"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sock := plainServer(t, func(r qmptest.Request) string {
				if r.Name() == "refused" {
					return qmptest.ReplyLine(r, tc.reply)
				}
				return ""
			})
			code, _, errOut := runIn(t, "", "exec", sock, "refused")
			if code != headless.ExitQMPError || !strings.Contains(errOut, tc.want) || strings.Contains(errOut, "connection lost") {
				t.Errorf("exec: exit %d, stderr %q; want 1 and %q", code, errOut, tc.want)
			}
			// --timeout only bounds the test should the reply be left waiting.
			code, out, errOut := runIn(t, "refused\nquery-status\n", "shell", "--timeout", "120s", sock)
			if code != headless.ExitQMPError || !strings.Contains(errOut, tc.want) || !strings.Contains(out, `"status":"running"`) {
				t.Errorf("shell: exit %d, stdout %q, stderr %q; want 1, the error, then the next line's reply", code, out, errOut)
			}
		})
	}
}

// An event the server sends after a reply prints after it, and one sent
// before it before it, however the bytes arrive together.
func TestShellKeepsWireOrder(t *testing.T) {
	privateXDG(t)
	sock := plainServer(t, func(r qmptest.Request) string {
		if r.Name() == "cont" {
			return qmptest.EventLine("BEFORE", "") + qmptest.ReplyLine(r, "{}") + qmptest.EventLine("AFTER", "")
		}
		return ""
	})
	for range 6 {
		code, out, errOut := runIn(t, "cont\nquery-status\n", "shell", sock)
		got := strings.Split(strings.TrimSpace(out), "\n")
		want := []string{`"event":"BEFORE"`, `{}`, `"event":"AFTER"`, `"status":"running"`}
		if code != 0 || len(got) != len(want) {
			t.Fatalf("exit %d, stderr %q, output:\n%s", code, errOut, out)
		}
		for i := range want {
			if !strings.Contains(got[i], want[i]) {
				t.Fatalf("line %d = %s, want %s; output:\n%s", i+1, got[i], want[i], out)
			}
		}
	}
}
