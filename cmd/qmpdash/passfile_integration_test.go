//go:build linux

package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
)

// tempFile makes a small file to pass to QEMU.
func tempFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(path, make([]byte, 4096), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestShellPassesFilesToQEMU passes files with <fd= and <>fd= in the
// shell: QEMU holds what getfd took (closefd finds the name once) and
// lists what add-fd took in its fd set, with the access mode asked for.
func TestShellPassesFilesToQEMU(t *testing.T) {
	privateXDG(t)
	p := qmptest.QEMU(t)
	file := tempFile(t)
	in := strings.Join([]string{
		"getfd fdname=disk0 <fd=" + file,
		"closefd fdname=disk0",
		"add-fd fdset-id=1 opaque=ro <fd=" + file,
		"add-fd fdset-id=1 opaque=rw <>fd='" + file + "'",
		"query-fdsets",
	}, "\n") + "\n"
	code, out, errOut := runIn(t, in, "shell", "--exit-on-error", p.Socket)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 5 || lines[0] != "{}" || lines[1] != "{}" {
		t.Fatalf("getfd then closefd did not both succeed:\n%s", out)
	}
	sets := lines[4]
	if !strings.Contains(sets, `"opaque":"ro"`) || !strings.Contains(sets, `"opaque":"rw"`) || !strings.Contains(sets, `"fdset-id":1`) {
		t.Errorf("query-fdsets does not list both files: %s", sets)
	}
	// The file went over as asked: QEMU's copies are read-only and
	// read-write (the access mode ends the octal flags in fdinfo).
	for _, want := range []struct{ opaque, mode string }{{"ro", "0"}, {"rw", "2"}} {
		fd := fdOf(t, sets, want.opaque)
		info, err := os.ReadFile("/proc/" + strconv.Itoa(p.Cmd.Process.Pid) + "/fdinfo/" + fd)
		if err != nil {
			t.Fatal(err)
		}
		_, rest, _ := strings.Cut(string(info), "flags:")
		if flags := strings.Fields(rest); len(flags) == 0 || !strings.HasSuffix(flags[0], want.mode) {
			t.Errorf("QEMU's fd %s (%s) has the wrong access mode:\n%s", fd, want.opaque, info)
		}
	}
	// closefd on a name getfd never took fails: the first closefd proved
	// QEMU held the file.
	code, _, errOut = runIn(t, "closefd fdname=disk0\n", "shell", "--exit-on-error", p.Socket)
	if code != headless.ExitQMPError || !strings.Contains(errOut, "GenericError") {
		t.Errorf("second closefd: exit %d %q, want a GenericError", code, errOut)
	}
}

// fdOf finds the descriptor number of the fd set entry with opaque.
func fdOf(t *testing.T, sets, opaque string) string {
	t.Helper()
	i := strings.Index(sets, `"opaque":"`+opaque+`"`)
	j := strings.LastIndex(sets[:i], `"fd":`)
	if i < 0 || j < 0 {
		t.Fatalf("no fd with opaque %s in %s", opaque, sets)
	}
	return strings.TrimRight(strings.SplitN(sets[j+len(`"fd":`):], ",", 2)[0], "}")
}

// TestExecPassFileRefusals checks the refusals: a file cannot go over TCP
// and a missing file is not sent, both with exit 2 and a clear message,
// and a mistyped redirection points at its column.
func TestExecPassFileRefusals(t *testing.T) {
	privateXDG(t)
	port := strconv.Itoa(qmptest.FreeTCPPort(t))
	qmptest.QEMU(t, "-qmp", "tcp:127.0.0.1:"+port+",server=on,wait=off")
	file := tempFile(t)
	var code int
	var errOut string
	for range 100 { // the TCP monitor listens shortly after the UNIX one
		if code, _, errOut = runIn(t, "", "exec", "tcp:127.0.0.1:"+port, "getfd", "fdname=x", "<fd="+file); code != headless.ExitConnection {
			break
		}
	}
	if code != headless.ExitUsage || !strings.Contains(errOut, "only be passed over a local UNIX socket, not over TCP") {
		t.Errorf("getfd over TCP: exit %d %q, want 2 and the UNIX socket refusal", code, errOut)
	}
	p := qmptest.QEMU(t)
	missing := filepath.Join(t.TempDir(), "missing.img")
	code, _, errOut = runIn(t, "", "exec", p.Socket, "getfd", "fdname=x", "<fd="+missing)
	if code != headless.ExitUsage || !strings.Contains(errOut, "cannot open the file to pass") || !strings.Contains(errOut, "no such file") {
		t.Errorf("getfd of a missing file: exit %d %q", code, errOut)
	}
	code, _, errOut = runIn(t, "", "exec", p.Socket, "getfd", "fdname=x", "<file="+file)
	if code != headless.ExitUsage || !strings.Contains(errOut, "col 16: expected <fd=FILE") {
		t.Errorf("a mistyped redirection: exit %d %q", code, errOut)
	}
}
