//go:build linux

package main

import (
	"cmp"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// Without an address exec takes $QMP_SOCKET, as shell and events do; the
// first word is the address only when it looks like one.
func TestExecTakesQMPSocket(t *testing.T) {
	privateXDG(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // no configured VMs
	sock := plainServer(t, func(r qmptest.Request) string {
		return qmptest.ReplyLine(r, fmt.Sprintf(`{"ran": %q, "args": %s}`, r.Name(), cmp.Or(string(r.Arguments), "null")))
	})
	t.Chdir(filepath.Dir(sock))
	tests := []struct {
		env  string
		args []string
		want string
	}{
		{sock, []string{"query-status"}, `{"ran":"query-status","args":null}`},
		{sock, []string{"cont", "x=1"}, `{"ran":"cont","args":{"x":1}}`},
		{sock, []string{"hmp", "info", "status"}, `{"ran":"human-monitor-command","args":{"command-line":"info status"}}`},
		{sock, []string{"hmp drive_add 0 file=/x.img"}, `"command-line":"drive_add 0 file=/x.img"`},
		{sock, []string{"!x-exotic", "a=b"}, `{"ran":"x-exotic","args":{"a":"b"}}`},
		{sock, []string{`{"execute": "query-name", "id": "mine"}`}, `{"ran":"query-name","args":null}`},
		{sock, []string{"__com.example_x"}, `{"ran":"__com.example_x","args":null}`},
		// An address given wins over $QMP_SOCKET.
		{"/nonexistent.sock", []string{sock, "query-status"}, `"ran":"query-status"`},
		{"/nonexistent.sock", []string{"unix:" + sock, "query-status"}, `"ran":"query-status"`},
		{"/nonexistent.sock", []string{filepath.Base(sock), "query-status"}, `"ran":"query-status"`},
	}
	for _, tc := range tests {
		t.Setenv("QMP_SOCKET", tc.env)
		code, out, errOut := runIn(t, "", append([]string{"exec"}, tc.args...)...)
		if code != 0 || !strings.Contains(out, tc.want) {
			t.Errorf("QMP_SOCKET=%s exec %q: exit %d, stdout %q, stderr %q; want %s", tc.env, tc.args, code, out, errOut, tc.want)
		}
	}
	t.Setenv("QMP_SOCKET", "")
	if code, _, errOut := runIn(t, "", "exec", "query-status"); code != headless.ExitUsage || !strings.Contains(errOut, "no monitor address") {
		t.Errorf("no address anywhere: exit %d, stderr %q; want 2 and no monitor address", code, errOut)
	}
}
