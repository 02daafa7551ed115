//go:build linux

package views

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdamore/tcell/v2"

	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/libvirt/libvirttest"
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// The dashboard on a libvirt domain asks, naming the custom-monitor
// taint, before the first command that is not a query, and not again.
func TestDashboardConfirmsFirstLibvirtPassthrough(t *testing.T) {
	name := libvirttest.Domain(t)
	s := session.New(session.Config{Addr: "libvirt:///system/" + name, Protocol: transport.ProtocolQMP, NoDocs: true})
	ctx, cancel := context.WithCancel(context.Background())
	runDone := make(chan struct{})
	go func() { s.Run(ctx); close(runDone) }()
	th := widget.DefaultTheme()
	widget.ApplyTviewStyles(th)
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		t.Fatal(err)
	}
	d := New(s, Options{Screen: screen, Theme: th, History: history.File{Path: filepath.Join(t.TempDir(), "history")}})
	stopped := make(chan struct{})
	go func() { d.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped; <-runDone })
	h := &harness{t: t, d: d, screen: screen, s: s, stopped: stopped}
	d.app.QueueUpdateDraw(func() { screen.SetSize(160, screenRows) })
	h.waitFor("connected", func(string) bool { return s.State().RunState == "running" })

	h.typeText("stop")
	h.press(keymap.InputSubmit)
	h.waitText("custom-monitor")
	h.waitText("Asked once for this domain")
	h.typeText("y")
	h.waitFor("paused", func(string) bool { return s.State().RunState == "paused" })

	h.typeText("cont")
	h.press(keymap.InputSubmit)
	h.waitFor("running again without a question", func(screen string) bool {
		if strings.Contains(screen, "Asked once for this domain") {
			t.Fatal("the second command was asked about again")
		}
		return s.State().RunState == "running"
	})
}
