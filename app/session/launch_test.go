//go:build linux

package session

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestStartQEMUAttachesAndCleansUp(t *testing.T) {
	qmptest.Require(t, "qemu-system-x86_64")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := StartQEMU(ctx, "qemu-system-x86_64", []string{"-machine", "none", "-nodefaults", "-display", "none", "-S"}, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	for _, sock := range p.Sockets {
		fi, err := os.Stat(filepath.Dir(sock))
		if err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("socket dir %v, %v: want a private 0700 dir", fi.Mode().Perm(), err)
		}
		c, err := qmp.Redial(ctx, sock, qmp.Options{}, qmp.Backoff{Initial: 10 * time.Millisecond}, nil)
		if err != nil {
			t.Fatalf("%s: %v", sock, err)
		}
		c.Close()
	}
	p.Stop()
	select {
	case <-p.Exited():
	default:
		t.Fatal("QEMU still running after Stop")
	}
	if _, err := os.Stat(filepath.Dir(p.Sockets[0])); !os.IsNotExist(err) {
		t.Fatalf("socket dir left behind: %v", err)
	}
}

func TestStartQEMUReportsBadArguments(t *testing.T) {
	qmptest.Require(t, "qemu-system-x86_64")
	_, err := StartQEMU(context.Background(), "qemu-system-x86_64", []string{"-no-such-option"}, 1)
	if err == nil || !strings.Contains(err.Error(), "no-such-option") {
		t.Fatalf("err = %v: want QEMU's own complaint", err)
	}
}

func TestStartQEMUMissingProgram(t *testing.T) {
	_, err := StartQEMU(context.Background(), "qemu-no-such-binary", nil, 1)
	if err == nil || !strings.Contains(err.Error(), "not installed") {
		t.Fatalf("err = %v", err)
	}
}

func TestStartQEMURemovesStaleSocketDirs(t *testing.T) {
	qmptest.Require(t, "qemu-system-x86_64")
	runtime := t.TempDir()
	t.Setenv("XDG_RUNTIME_DIR", runtime)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(runtime, fmt.Sprintf("qmpdash-%d-1", gone.Process.Pid))
	live := filepath.Join(runtime, fmt.Sprintf("qmpdash-%d-1", os.Getppid()))
	for _, d := range []string{stale, live} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	p, err := StartQEMU(ctx, "qemu-system-x86_64", []string{"-machine", "none", "-nodefaults", "-display", "none", "-S"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Stop()
	if !strings.HasPrefix(p.Sockets[0], runtime+"/") {
		t.Errorf("socket %s is not under $XDG_RUNTIME_DIR", p.Sockets[0])
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the dead process's socket dir is still there: %v", err)
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("a live process's socket dir was removed: %v", err)
	}
}

func TestLaunchDirFallsBackToTempDir(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", "")
	if got := runtimeDir(); got != os.TempDir() {
		t.Fatalf("runtimeDir() = %s, want %s", got, os.TempDir())
	}
}
