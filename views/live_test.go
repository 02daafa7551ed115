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
		},
		"beta": {
			"query-jobs":       `[{"id": "stream0", "type": "stream", "status": "paused", "current-progress": 0, "total-progress": 1073741824}]`,
			"query-block-jobs": `[{"device": "stream0", "type": "stream", "speed": 0, "len": 1073741824, "offset": 0}]`,
			"query-migrate":    `{"status": "active"}`,
		},
		"gamma": {"query-jobs": `[]`, "query-block-jobs": `[]`, "query-migrate": `{}`},
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
