//go:build linux

package livevalues

import (
	"context"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// TestCompletionFromRealQEMU completes arguments from a real QEMU 7.2
// holding a qcow2 node disk0 over a file node file0, a dirty bitmap, a
// chardev and a device with an id: the values come from the live cache the first keystrokes fill.
func TestCompletionFromRealQEMU(t *testing.T) {
	img := filepath.Join(t.TempDir(), "disk.qcow2")
	if out, err := exec.Command(qmptest.Require(t, "qemu-img"), "create", "-q", "-f", "qcow2", img, "1M").CombinedOutput(); err != nil {
		t.Fatalf("qemu-img: %v: %s", err, out)
	}
	vm := qmptest.QEMU(t, "-machine", "q35", "-accel", "tcg", "-chardev", "null,id=nul0", "-device", "virtio-rng-pci,id=rng0")
	s := runSession(t, vm.Socket, nil)
	for _, step := range []struct{ cmd, args string }{
		{"blockdev-add", `{"driver":"file","node-name":"file0","filename":"` + img + `"}`},
		{"blockdev-add", `{"driver":"qcow2","node-name":"disk0","file":"file0"}`},
		{"block-dirty-bitmap-add", `{"node":"disk0","name":"bm0"}`},
	} {
		if _, err := s.Poll(context.Background(), step.cmd, []byte(step.args)); err != nil {
			t.Fatalf("%s: %v", step.cmd, err)
		}
	}

	e := complete.New(s.Schema(), nil).WithLive(ForSession(s))
	cases := []struct {
		line string
		want []string
	}{
		{"blockdev-backup device=", []string{"disk0", "file0"}},
		{"block_resize node-name=d", []string{"disk0"}},
		{"block-dirty-bitmap-remove node=disk0 name=", []string{"bm0"}},
		{"chardev-remove id=nu", []string{"nul0"}},
		{"qom-list path=/mach", []string{"/machine/"}},
		{"qom-get path=/machine/unatt", []string{"/machine/unattached/"}},
		{"device_del id=", []string{"rng0"}},
	}
	for _, c := range cases {
		var got []string
		qmptest.Eventually(t, c.line+" completed", func() bool {
			got = got[:0]
			for _, cand := range e.Complete(c.line, len(c.line)) {
				got = append(got, cand.Text)
			}
			if !slices.Equal(got, c.want) {
				t.Logf("%s: %q", c.line, got)
				return false
			}
			return true
		})
	}
}
