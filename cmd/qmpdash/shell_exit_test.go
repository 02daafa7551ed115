//go:build linux

package main

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// A piped shell runs every line, keeping going past failures, and exits 1
// when any failed (an error reply, a reply it could not take, a line
// rejected before sending), 0 when all succeeded; --exit-on-error stops at
// the first with that failure's own status.
func TestPipedShellExitStatus(t *testing.T) {
	privateXDG(t)
	plain := plainServer(t, func(r qmptest.Request) string {
		switch {
		case strings.Contains(r.Line, "fail"): // HMP lines too
			return `{"id": ` + string(r.ID) + `, "error": {"class": "GenericError", "desc": "it failed"}}` + "\r\n"
		case r.Name() == "refused":
			return qmptest.ReplyLine(r, "\"a\x00b\"")
		}
		return ""
	})
	withSchema := hostileServer(t)
	tests := []struct {
		name, sock, stdin string
		flags             []string
		code, replies     int
	}{
		{"all succeed", plain, "query-status\nquery-status\n", nil, 0, 2},
		{"error reply", plain, "fail\nquery-status\n", nil, 1, 1},
		{"refused reply", plain, "query-status\nrefused\nquery-status\n", nil, 1, 2},
		{"syntax error", plain, "query-status x=\nquery-status\n", nil, 1, 1},
		{"validation error", withSchema, "hostile-cmd mode=zzz\nquery-status\n", nil, 1, 1},
		{"-H error reply", plain, "info fail\ninfo status\n", []string{"-H"}, 1, 1},
		{"-H all succeed", plain, "info status\n", []string{"-H"}, 0, 1},
		{"--exit-on-error", plain, "query-status x=\nquery-status\n", []string{"--exit-on-error"}, headless.ExitUsage, 0},
	}
	for _, tc := range tests {
		args := append(append([]string{"shell"}, tc.flags...), tc.sock)
		code, out, errOut := runIn(t, tc.stdin, args...)
		if n := strings.Count(out, `"status":"running"`); code != tc.code || n != tc.replies {
			t.Errorf("%s: exit %d with %d replies, stderr %q; want %d with %d", tc.name, code, n, errOut, tc.code, tc.replies)
		}
	}
}
