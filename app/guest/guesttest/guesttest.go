//go:build linux

// Package guesttest boots the qmpdash test guest (package guest) under a
// real QEMU for one test, as qmptest does for QEMU without a guest.
package guesttest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/guest"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// BootTimeout bounds a boot from cont to the ready line: about 1.5 s of
// guest time, several seconds of wall time on two loaded cores.
const BootTimeout = 90 * time.Second

var (
	buildOnce sync.Once
	image     *guest.Image
	buildErr  error
)

// Image builds the guest image once per test binary, in qmpdash's cache
// (the user's, not a temp dir: fetching and building once per run would
// be slow). When the Debian packages cannot be had, the test is skipped
// with the builder's message, unless CI is set: then it fails.
func Image(t testing.TB) *guest.Image {
	t.Helper()
	qmptest.Require(t, qmptest.QEMUBinary)
	buildOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		image, buildErr = guest.Build(ctx, guest.CacheDir())
	})
	if buildErr != nil {
		if errors.Is(buildErr, guest.ErrPackages) && os.Getenv("CI") == "" {
			t.Skipf("guesttest: %v; skipping (set CI=1 to make this a failure)", buildErr)
		}
		t.Fatalf("guesttest: building the guest: %v", buildErr)
	}
	return image
}

// Guest is a guest's QEMU started for one test.
type Guest struct {
	*qmptest.Process
	// Console is the file the guest's serial console is written to.
	Console string
	// Agent is the guest agent's socket, if the machine has one.
	Agent string
	// Image is the booted image.
	Image *guest.Image
}

// Start starts QEMU on the guest image, stopped before the first
// instruction (-S) so that the test connects its monitor first and sees
// the whole boot; "cont" starts it. Console and, if withAgent, AgentSocket
// are filled in, in the process's dir; -no-reboot makes a guest reboot
// end QEMU. QEMU is killed when the test ends.
func Start(t testing.TB, m guest.Machine, withAgent bool) *Guest {
	t.Helper()
	img := Image(t)
	dir := qmptest.SocketDir(t)
	m.Console = filepath.Join(dir, "console.log")
	if withAgent {
		m.AgentSocket = filepath.Join(dir, "qga.sock")
	}
	args := append(img.Args(m), "-S", "-no-reboot")
	g := &Guest{Process: qmptest.QEMUIn(t, dir, 1, args...), Console: m.Console, Agent: m.AgentSocket, Image: img}
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(g.Console)
			t.Logf("guesttest: the guest's console:\n%s", b)
		}
	})
	return g
}

// WaitReady waits until the guest's user space is up (BootTimeout at
// most), failing the test with the console's end otherwise.
func (g *Guest) WaitReady(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), BootTimeout)
	defer cancel()
	if err := guest.WaitReady(ctx, g.Console); err != nil {
		t.Fatalf("guesttest: %v", err)
	}
}
