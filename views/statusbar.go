package views

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// noticeLifetime is how long a notice stays in the status bar; all of them
// remain in the session's notice log.
const noticeLifetime = 5 * time.Second

// StatusBar is the bottom line: connection, server, run state, event rate,
// the active filter, and the newest notice while it is fresh.
type StatusBar struct {
	*tview.Box
	session *session.Session
	theme   widget.Theme
	now     func() time.Time
	paused  func() bool
	// marked counts the VMs marked for broadcast (nil: none can be).
	marked func() int
	// filter is the event pane's filter (nil: the session's).
	filter func() store.EventFilter
	// addrSpan is the index of the address in the last line built, -1 if
	// it has none.
	addrSpan int
}

func (b *StatusBar) eventFilter() store.EventFilter {
	if b.filter == nil {
		return b.session.Events.Filter()
	}
	return b.filter()
}

// NewStatusBar shows the session's state.
func NewStatusBar(s *session.Session, th widget.Theme, paused func() bool) *StatusBar {
	return &StatusBar{Box: tview.NewBox(), session: s, theme: th, now: time.Now, paused: paused}
}

// Draw renders the status line and, above nothing, a notice if fresh.
func (b *StatusBar) Draw(screen tcell.Screen) {
	x, y, width, _ := b.GetInnerRect()
	widget.FillRow(screen, x, y, width, b.theme.Base.Reverse(true))
	widget.DrawLine(screen, x, y, width, b.fit(b.line(), width), 0)
}

// fit makes room for the end of the line, where a fresh notice goes, by
// shortening the address in the middle ("/run/…/web1.sock"), as far as it
// takes and down to its last path element.
func (b *StatusBar) fit(l widget.Line, width int) widget.Line {
	over := l.Width() - width
	if over <= 0 || b.addrSpan < 0 {
		return l
	}
	addr := []rune(strings.TrimPrefix(l[b.addrSpan].Text, " "))
	keep := max(len(addr)-over-1, min(len(addr), len([]rune(filepath.Base(string(addr))))+1))
	if keep < len(addr) {
		head := keep / 3
		l[b.addrSpan].Text = " " + string(addr[:head]) + "…" + string(addr[len(addr)-(keep-head):])
	}
	return l
}

func (b *StatusBar) line() widget.Line {
	st := b.session.State()
	th := b.theme
	bar := th.Base.Reverse(true)
	var l widget.Line
	add := func(text string, style tcell.Style) { l = append(l, widget.Span{Text: text, Style: style}) }
	add(" "+connText(st)+" ", b.connStyle(st))
	if b.session.ReadOnly() {
		add(" "+readOnlyBadge+" ", th.Warning.Reverse(true).Bold(true))
	}
	add(" "+st.Name, bar.Bold(true))
	b.addrSpan = -1
	if st.Addr != st.Name {
		b.addrSpan = len(l)
		add(" "+st.Addr, bar)
	}
	if st.Exited != "" && st.ExitLine != "" {
		add("  stderr: "+st.ExitLine, bar) // QEMU's text: DrawLine escapes it
	}
	if st.GuestAgent() {
		add("  guest agent", bar)
	} else if v := st.QEMUVersion(); v != "" {
		add("  QEMU "+v, bar)
	}
	if st.RunState != "" {
		add("  "+st.RunState, bar.Bold(true))
	}
	add(fmt.Sprintf("  %.1f ev/s", b.session.Events.Rate()), bar)
	if f := b.eventFilter(); !f.IsZero() {
		add("  filter: "+f.String(), bar)
	}
	if u := b.session.Events.Usage(); u.Evicted > 0 {
		add("  old events: "+evictedText(u), bar)
	}
	if b.paused() {
		add("  PAUSED", bar.Bold(true))
	}
	if n := b.markedVMs(); n > 0 {
		add(fmt.Sprintf("  → %d marked VMs: commands go to all of them", n), th.Warning.Reverse(true))
	}
	if n, ok := b.session.Notices.Latest(); ok && b.now().Sub(n.Time) < noticeLifetime {
		style := bar
		if n.Level == store.Failure {
			style = th.Error.Reverse(true)
		}
		add("  "+n.Text, style)
	}
	return l
}

func (b *StatusBar) markedVMs() int {
	if b.marked == nil {
		return 0
	}
	return b.marked()
}

// readOnlyBadge marks a VM that takes only read-only commands.
const readOnlyBadge = "READ-ONLY"

// connText says where the connection stands, in a few words.
func connText(st session.State) string {
	switch {
	case st.Ready() && st.NotResponding:
		return "◌ not responding"
	case st.Ready():
		return "● connected"
	case st.Exited != "":
		return "○ QEMU exited (" + st.Exited + ")"
	case st.ShutOff:
		return "○ shut off (waiting for the domain to start)"
	case st.GaveUp:
		return "○ disconnected, not retrying"
	case !st.RetryAt.IsZero():
		return fmt.Sprintf("○ disconnected, retry in %ds", retrySeconds(st.RetryAt, time.Now()))
	}
	return "○ " + st.Conn.String()
}

func (b *StatusBar) connStyle(st session.State) tcell.Style {
	return connStyle(b.theme, st).Reverse(true)
}

// connStyle colours a connection state: ready, not answering, or down.
func connStyle(th widget.Theme, st session.State) tcell.Style {
	switch {
	case st.Ready() && st.NotResponding:
		return th.Warning
	case st.Ready():
		return th.OK
	}
	return th.Error
}
