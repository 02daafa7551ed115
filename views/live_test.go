package views

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/keymap"
)

// liveFixture is what the fake VMs of the fleet tests answer to the live
// views' queries: alpha runs a mirror and has a failed backup, beta a
// paused stream and the incoming end of alpha's migration, gamma nothing.
func liveFixture(vm, command string) (string, bool) {
	replies := map[string]map[string]string{
		"alpha": {
			"query-jobs": `[{"id": "mirror0", "type": "mirror", "status": "running", "current-progress": 16777216, "total-progress": 67108864},
				{"id": "backup0", "type": "backup", "status": "concluded", "current-progress": 1048576, "total-progress": 8388608, "error": "No space left on device"}]`,
			"query-block-jobs": `[{"device": "mirror0", "type": "mirror", "speed": 1048576, "len": 67108864, "offset": 16777216}]`,
			"query-migrate": `{"status": "active", "expected-downtime": 300, "setup-time": 12, "total-time": 4200,
				"ram": {"transferred": 100663296, "total": 268435456, "remaining": 167772160, "dirty-pages-rate": 128, "page-size": 4096, "dirty-sync-count": 1}}`,
			"query-blockstats": `[{"device": "", "qdev": "/machine/peripheral/vd0/virtio-backend", "node-name": "disk0",
				"stats": {"rd_bytes": 4096, "wr_bytes": 1048576, "rd_operations": 1, "wr_operations": 16, "failed_rd_operations": 0, "failed_wr_operations": 0},
				"parent": {"node-name": "disk0-file", "stats": {"rd_bytes": 4096, "wr_bytes": 1048576, "rd_operations": 1, "wr_operations": 16, "failed_rd_operations": 0, "failed_wr_operations": 0}}}]`,
			"query-named-block-nodes": `[{"node-name": "disk0", "drv": "qcow2", "ro": false, "file": "/var/lib/vm/alpha.qcow2", "image": {"virtual-size": 1073741824},
				"dirty-bitmaps": [{"name": "inc0", "granularity": 65536, "count": 1048576}]},
				{"node-name": "disk0-file", "drv": "file", "ro": false, "file": "/var/lib/vm/alpha.qcow2", "image": {"virtual-size": 2162688}}]`,
			"query-block": `[{"device": "", "qdev": "/machine/peripheral/vd0/virtio-backend", "inserted": {"node-name": "disk0", "group": "vd0",
				"bps": 0, "bps_rd": 0, "bps_wr": 10485760, "iops": 0, "iops_rd": 0, "iops_wr": 0}}]`,
			"query-pci": `[{"bus": 0, "devices": [{"bus": 0, "slot": 0, "function": 0, "qdev_id": "", "class_info": {"desc": "Host bridge"}, "id": {"vendor": 32902, "device": 10688}},
				{"bus": 0, "slot": 2, "function": 0, "qdev_id": "rp0", "irq": 10, "class_info": {"desc": "PCI bridge"}, "id": {"vendor": 6966, "device": 12},
				 "pci_bridge": {"bus": {"number": 1, "secondary": 1}, "devices": [{"bus": 1, "slot": 0, "function": 0, "qdev_id": "vd0", "irq": 11, "class_info": {"desc": "SCSI controller"}, "id": {"vendor": 6900, "device": 4161}}]}}]}]`,
		},
		"beta": {
			"query-jobs":       `[{"id": "stream0", "type": "stream", "status": "paused", "current-progress": 0, "total-progress": 1073741824}]`,
			"query-block-jobs": `[{"device": "stream0", "type": "stream", "speed": 0, "len": 1073741824, "offset": 0}]`,
			"query-migrate":    `{"status": "active"}`,
		},
		"gamma": {"query-jobs": `[]`, "query-block-jobs": `[]`, "query-migrate": `{}`, "query-blockstats": `[]`, "query-named-block-nodes": `[]`, "query-block": `[]`,
			"query-pci": `[{"bus": 0, "devices": [{"bus": 0, "slot": 0, "function": 0, "qdev_id": "", "class_info": {"desc": "Host bridge"}, "id": {"vendor": 32902, "device": 4663}}]}]`},
	}
	ret, ok := replies[vm][command]
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(ret)); ok && err != nil {
		panic(err)
	}
	return b.String(), ok // a reply is one line
}

// slowLive makes the live views refresh once when shown and then only
// after an hour, so that a screen shows one sample (no rates yet).
func slowLive(fh *fleetHarness) {
	fh.d.app.QueueUpdate(func() {
		for _, v := range fh.d.live.views {
			v.poller.View().Interval = time.Hour
		}
	})
}

// openJobs shows the jobs view and waits for every VM's rows.
func openJobs(fh *fleetHarness) string {
	fh.leaveInput()
	fh.press(keymap.LiveJobs)
	return fh.waitFor("the jobs of alpha and beta", func(s string) bool {
		return strings.Contains(s, "mirror0") && strings.Contains(s, "stream0") && strings.Contains(s, "backup0")
	})
}

// lastCommand is the newest command in s's command log.
func lastCommand(s *session.Session) (store.CommandEntry, bool) {
	es := s.Commands.Range(s.Commands.Len()-1, 1, nil)
	if len(es) == 0 {
		return store.CommandEntry{}, false
	}
	return es[0], true
}

func TestJobsViewShowsRowsAndCloses(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta", "gamma"}, 160, 30, send.Policy{})
	slowLive(fh)
	s := openJobs(fh)
	for _, want := range []string{"Live views: <J> jobs", "██▊", "25%", "1.0 MiB/s", "No space left on device", "paused"} {
		if !strings.Contains(s, want) {
			t.Errorf("jobs view lacks %q:\n%s", want, s)
		}
	}
	polls := len(fh.received("gamma"))
	fh.press(keymap.LiveClose)
	fh.waitFor("the jobs view closed", func(s string) bool { return !strings.Contains(s, "Live views") })
	if shown := fh.d.live.views[0].poller.Shown(); shown {
		t.Error("the jobs poller still runs after the view closed")
	}
	fh.press(keymap.LiveMigration)
	fh.waitText("<M> migration")
	fh.waitFor("gamma polled for its migration", func(string) bool { return len(fh.received("gamma")) > polls })
	for _, c := range fh.received("gamma")[polls:] {
		if c != "query-migrate" {
			t.Errorf("gamma got %s with only the migration view open", c)
		}
	}
}

func TestJobCancelAsksThenSends(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 30, send.Policy{Confirm: send.DefaultConfirm()})
	slowLive(fh)
	openJobs(fh)
	// Rows are in VM then id order: alpha backup0, alpha mirror0, beta stream0.
	fh.press(keymap.ListDown)
	fh.press(keymap.JobCancel)
	fh.waitText("Send job-cancel to alpha?")
	fh.typeText("n")
	fh.waitText("not sent")
	fh.press(keymap.JobCancel)
	fh.waitText("Send job-cancel to alpha?")
	fh.typeText("y")
	alpha := fh.fleet.Sessions()[0]
	fh.waitFor("job-cancel sent", func(string) bool {
		e, ok := lastCommand(alpha)
		return ok && e.Text == "job-cancel id=mirror0"
	})
	fh.waitFor("a refresh after the action", func(string) bool {
		got := fh.received("alpha")
		return got[len(got)-1] == "query-jobs" || got[len(got)-1] == "query-block-jobs"
	})
}

func TestJobActionsFollowTheStatus(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "beta"}, 160, 30, send.Policy{Confirm: send.DefaultConfirm()})
	slowLive(fh)
	openJobs(fh)
	fh.press(keymap.JobPause) // backup0 is concluded
	fh.waitText("pause: not for a job that is concluded")
	fh.press(keymap.ListBottom) // beta's paused stream0
	fh.press(keymap.JobResume)
	beta := fh.fleet.Sessions()[1]
	fh.waitFor("job-resume sent without asking", func(string) bool {
		e, ok := lastCommand(beta)
		return ok && e.Text == "job-resume id=stream0"
	})
	fh.press(keymap.JobSetSpeed)
	fh.waitFor("the input line filled for beta", func(s string) bool {
		return strings.Contains(s, "block-job-set-speed device=stream0 speed=0") && fh.inputFocused()
	})
	if fh.d.session != beta {
		t.Error("set-speed did not put the row's VM in focus")
	}
}

func TestJobActionsRefusedReadOnly(t *testing.T) {
	fh := startFleet(t, []string{"alpha"}, 160, 30, send.Policy{ReadOnly: true, Confirm: send.DefaultConfirm()})
	slowLive(fh)
	fh.leaveInput()
	fh.press(keymap.LiveJobs)
	fh.waitText("mirror0")
	fh.press(keymap.ListBottom)
	fh.press(keymap.JobCancel)
	fh.waitText("read-only mode")
	if got := fh.received("alpha"); strings.Contains(strings.Join(got, " "), "job-cancel") {
		t.Fatal("job-cancel reached a read-only VM")
	}
}

// openBlock shows the block view and waits for alpha's node chain.
func openBlock(fh *fleetHarness) string {
	fh.leaveInput()
	fh.press(keymap.LiveBlock)
	return fh.waitText("disk0-file (file)")
}

func TestBlockViewShowsTheTreeTheRowAndFillsActions(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "gamma"}, 200, 40, send.Policy{})
	slowLive(fh)
	s := openBlock(fh)
	for _, want := range []string{"<B> block", "alpha      vd0", "alpha        disk0                  qcow2", "1.0 GiB   false", "inc0", "vd0", "/var/lib/vm/alpha.qcow2"} {
		if !strings.Contains(s, want) {
			t.Errorf("block view lacks %q:\n%s", want, s)
		}
	}
	// The first row is in the detail: the server's data it was made of.
	fh.waitText("block vd0 · alpha · expanded")
	fh.press(keymap.BlockResize)
	fh.waitText("resize: not for this row, which has no node.node-name")
	fh.press(keymap.ListDown)
	fh.waitText("block disk0 · alpha")
	fh.waitText(`"node-name": "disk0"`)
	fh.press(keymap.BitmapClear)
	fh.waitFor("the input line filled for alpha", func(s string) bool {
		return strings.Contains(s, "block-dirty-bitmap-clear node=disk0 name=inc0") && fh.inputFocused()
	})
	if got := fh.received("alpha"); strings.Contains(strings.Join(got, " "), "bitmap") {
		t.Error("an editing action sent its command")
	}
}

func TestDeviceViewsOpenFromTheirKeys(t *testing.T) {
	fh := startFleet(t, []string{"alpha", "gamma"}, 200, 40, send.Policy{})
	for _, v := range fh.d.live.views {
		if v.open == "" {
			t.Errorf("no action opens the %s view", v.poller.View().Name)
		}
	}
	slowLive(fh)
	fh.leaveInput()
	fh.press(keymap.LivePCI)
	s := fh.waitText("SCSI controller")
	for _, want := range []string{"<I> pci", "alpha        00:02.0      rp0", "alpha          01:00.0    vd0", "gamma        00:00.0"} {
		if !strings.Contains(s, want) {
			t.Errorf("pci view lacks %q:\n%s", want, s)
		}
	}
	polls := len(fh.received("gamma"))
	fh.press(keymap.LiveChardev)
	fh.waitText("<H> chardev")
	fh.waitFor("gamma asked for its chardevs", func(string) bool {
		got := fh.received("gamma")
		return len(got) > polls && got[len(got)-1] == "query-chardev"
	})
}

// The cursor stays on the first row while the VMs' rows come in, in any
// order, until the user moves it; then it stays where they put it.
func TestLiveViewOpensOnItsFirstRowWhicheverVMAnswersFirst(t *testing.T) {
	d, table := jobsViewOf(t, 3)
	at := time.Now()
	arrive := func(vm string) {
		fillJob(table, vm, at)
		d.live.refresh()
	}
	selected := func() string {
		r, ok := d.live.selected()
		if !ok {
			t.Fatal("no row selected")
		}
		return r.VM
	}
	arrive("vm02")
	arrive("vm01")
	if got := selected(); got != "vm01" {
		t.Fatalf("cursor on %s after vm02 then vm01 answered, want vm01's row, the first", got)
	}
	arrive("vm00")
	if got := selected(); got != "vm00" {
		t.Fatalf("cursor on %s once vm00 answered too, want vm00's row, the first", got)
	}
	d.live.list.Move(1) // as the list-down key does
	if got := selected(); got != "vm01" {
		t.Fatalf("cursor on %s after the user moved down, want vm01", got)
	}
	arrive("vm00")
	if got := selected(); got != "vm01" {
		t.Errorf("cursor on %s after a refresh, want vm01, where the user put it", got)
	}
}
