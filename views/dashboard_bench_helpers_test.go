package views

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// frameScreen counts frames: tview calls Show once per drawn frame.
type frameScreen struct {
	tcell.SimulationScreen
	mu     sync.Mutex
	frames []time.Time
}

func (s *frameScreen) Show() {
	s.mu.Lock()
	s.frames = append(s.frames, time.Now())
	s.mu.Unlock()
	s.SimulationScreen.Show()
}

// firstFrameAfter returns the time of the first frame after t.
func (s *frameScreen) firstFrameAfter(t time.Time) (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, _ := slices.BinarySearchFunc(s.frames, t, func(a, b time.Time) int { return a.Compare(b) })
	if i == len(s.frames) {
		return time.Time{}, false
	}
	return s.frames[i], true
}

// framesSince counts the frames drawn since t.
func (s *frameScreen) framesSince(t time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, f := range s.frames {
		if !f.Before(t) {
			n++
		}
	}
	return n
}

// keyToFrame presses k (up a row in the event pane) and returns how long
// the next frame took to come; false if none came within a second.
func (s *frameScreen) keyToFrame() (time.Duration, bool) {
	at := time.Now()
	s.InjectKey(tcell.KeyRune, 'k', tcell.ModNone)
	for deadline := at.Add(time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if f, ok := s.firstFrameAfter(at); ok {
			return f.Sub(at), true
		}
	}
	return 0, false
}

// benchDashboard is a running dashboard on a frame-counting simulation
// screen, 200x50, over a session connected to a fake server that answers
// every request with {}.
type benchDashboard struct {
	s       *session.Session
	peer    *qmptest.Peer
	screen  *frameScreen
	cancel  context.CancelFunc
	stopped chan struct{}
}

func startBenchDashboard(b *testing.B, cfg session.Config) *benchDashboard {
	srv := qmptest.NewServer(b)
	cfg.Addr, cfg.Protocol = srv.Path, transport.ProtocolQMP
	s := session.New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	go s.Run(ctx)
	peer := srv.Accept()
	peer.Negotiate()
	go peer.Serve(func(r qmptest.Request) string { return qmptest.ReplyLine(r, "{}") })

	sim := tcell.NewSimulationScreen("UTF-8")
	screen := &frameScreen{SimulationScreen: sim}
	d := New(s, Options{Screen: screen, Theme: widget.DefaultTheme(), History: history.File{Path: filepath.Join(b.TempDir(), "h")}})
	stopped := make(chan struct{})
	go func() { d.Run(ctx); close(stopped) }()
	d.app.QueueUpdateDraw(func() { sim.SetSize(200, 50) })
	return &benchDashboard{s: s, peer: peer, screen: screen, cancel: cancel, stopped: stopped}
}

// stop ends the dashboard and its session.
func (d *benchDashboard) stop() {
	d.cancel()
	<-d.stopped
}

// percentileMs is the p-th latency (0 <= p <= 1) in milliseconds, -1 when
// there are none; latencies must be sorted.
func percentileMs(latencies []time.Duration, p float64) float64 {
	if len(latencies) == 0 {
		return -1
	}
	return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
}
