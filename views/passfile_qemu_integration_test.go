//go:build linux

package views

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// passableFile makes a small file for getfd.
func passableFile(t *testing.T) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestInputLinePassesFileToQEMU types getfd with <fd=FILE in the input
// line: QEMU takes the file (closefd then finds the name).
func TestInputLinePassesFileToQEMU(t *testing.T) {
	p := qmptest.QEMU(t)
	file := passableFile(t)
	h := startHarness(t, harnessOptions{config: session.Config{Addr: p.Socket, Protocol: transport.ProtocolQMP, NoDocs: true}, wide: true})
	h.waitFor("the schema", func(string) bool { return h.s.Schema() != nil })
	h.sent("getfd fdname=disk0 <fd=" + file)
	if e := h.waitCommand(1, store.OK); !strings.Contains(string(e.Request), `"fdname":"disk0"`) {
		t.Errorf("getfd went out as %s", e.Request)
	}
	h.sent("closefd fdname=disk0")
	h.waitCommand(2, store.OK) // QEMU held the file under that name
}

// TestInputLineRefusesFileOverTCP types the same line to a monitor over
// TCP: it is refused before sending and stays in the input line with the
// reason.
func TestInputLineRefusesFileOverTCP(t *testing.T) {
	file := passableFile(t)
	port := strconv.Itoa(qmptest.FreeTCPPort(t))
	qmptest.QEMU(t, "-qmp", "tcp:127.0.0.1:"+port+",server=on,wait=off")
	h := startHarness(t, harnessOptions{config: session.Config{Addr: "127.0.0.1:" + port, Protocol: transport.ProtocolQMP, Backoff: fastRetry, NoDocs: true}, wide: true})
	h.waitStatus("● connected")
	h.sent("getfd fdname=disk0 <fd=" + file)
	h.waitText("file descriptors can only be passed over a local UNIX socket, not over TCP")
	h.waitText("> getfd fdname=disk0 <fd=") // the line stays for editing
	if n := h.s.Commands.Len(); n != 0 {
		t.Errorf("%d commands went out over TCP", n)
	}
}
