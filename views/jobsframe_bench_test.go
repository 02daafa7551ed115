package views

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// BenchmarkJobsViewFrame: one frame of the jobs view over 64 VMs at
// 200x80 (the table, the VM strip's 64 tabs with their job bars) after
// every row moved on, as the dashboard draws it once a second while the
// view refreshes: the UI goroutine's snapshot of the rows, tview's draw
// through the diff screen, and tcell's Show (of a simulation screen).
// The rows' update, the pollers' work, is not counted.
func BenchmarkJobsViewFrame(b *testing.B) {
	d, table := jobsViewOf(b, 64)
	at := time.Now()
	for step := range 3 { // rates need samples
		fillJobs(table, 64, at.Add(time.Duration(step-3)*time.Second))
	}
	screen := &diffScreen{Screen: d.opts.Screen}
	d.pages.SetRect(0, 0, 200, 80)
	for b.Loop() {
		b.StopTimer()
		at = at.Add(time.Second)
		fillJobs(table, 64, at)
		b.StartTimer()
		d.refresh()
		screen.Clear()
		d.pages.Draw(screen)
		d.drawPopup(screen)
		screen.Show()
	}
}

// jobsViewOf is a dashboard over n VMs vm00, vm01... (never connected)
// with the jobs view open on a 200x80 simulation screen, and its table.
func jobsViewOf(b testing.TB, n int) (*Dashboard, *live.Table) {
	ctx, cancel := context.WithCancel(context.Background())
	b.Cleanup(cancel)
	f := session.NewFleet(ctx, session.FleetConfig{Template: session.Config{Protocol: transport.ProtocolQMP, NoDocs: true}})
	b.Cleanup(f.Close)
	for i := range n {
		if err := f.Add(session.New(session.Config{Name: fmt.Sprintf("vm%02d", i), Addr: "/nonexistent", Protocol: transport.ProtocolQMP, NoDocs: true})); err != nil {
			b.Fatal(err)
		}
	}
	sim := tcell.NewSimulationScreen("UTF-8")
	if err := sim.Init(); err != nil {
		b.Fatal(err)
	}
	sim.SetSize(200, 80)
	d := NewDashboard(f, Options{Screen: sim, Theme: widget.DefaultTheme(), History: history.File{Path: filepath.Join(b.TempDir(), "h")}})
	d.live.toggle(keymap.LiveJobs)
	return d, d.live.views[0].poller.Table
}

// fillJobs gives each of n VMs a mirror 1 MiB further on each second, as
// sampled at at.
func fillJobs(table *live.Table, n int, at time.Time) {
	for i := range n {
		fillJob(table, fmt.Sprintf("vm%02d", i), at)
	}
}

// fillJob gives vm a mirror 1 MiB further on each second, as sampled at
// at.
func fillJob(table *live.Table, vm string, at time.Time) {
	n := at.Unix() % 100000 << 20
	table.Update(vm, []json.RawMessage{
		json.RawMessage(fmt.Sprintf(`[{"id": "mirror0", "type": "mirror", "status": "running", "current-progress": %d, "total-progress": %d}]`, n, int64(1)<<40)),
		json.RawMessage(`[{"device": "mirror0", "type": "mirror", "speed": 1048576, "len": 1099511627776, "offset": 0}]`),
	}, at)
}
