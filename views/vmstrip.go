package views

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// vmStrip is the top line: one tab per VM with its number, name, mark for
// broadcast (*) and pin to the split layout (^),
// connection and run state, a mini progress bar of a running job or
// migration, a sparkline of the event rate of the last
// seconds with the rate itself, and unread errors; the focused VM
// stands out. When the tabs do not fit, the focused one stays in view and
// arrows say how many are off each side.
type vmStrip struct {
	*tview.Box
	d     *Dashboard
	theme widget.Theme
	// hits are the drawn tabs' cell ranges, for mouse clicks.
	hits []tabHit
	// series is reused for each tab's event-rate sparkline.
	series []float64
}

// stripSparkWidth is how many seconds of event rate a tab's sparkline
// shows.
const stripSparkWidth = 5

// tabHit is where one VM's tab was drawn: columns [from, to).
type tabHit struct {
	from, to int
	session  *session.Session
}

func newVMStrip(d *Dashboard, th widget.Theme) *vmStrip {
	return &vmStrip{Box: tview.NewBox(), d: d, theme: th}
}

// Draw renders the tabs.
func (v *vmStrip) Draw(screen tcell.Screen) {
	x, y, width, _ := v.GetInnerRect()
	widget.FillRow(screen, x, y, width, v.theme.Base)
	all := v.d.fleet.Sessions()
	focused := max(slices.Index(all, v.d.session), 0)
	// Only the tabs looked at are made: of 64 VMs, a strip shows a few.
	tabs := make([]widget.Line, len(all))
	tab := func(i int) widget.Line {
		if tabs[i] == nil {
			tabs[i] = v.tab(i, all[i])
		}
		return tabs[i]
	}
	layoutName := widget.Span{Text: "  " + v.d.layout.String(), Style: v.theme.Dim}
	// The arrows take about 4 cells; the layout's name stays in view.
	first, last := visibleTabs(len(all), tab, focused, width-4-widget.TextWidth(layoutName.Text))
	line := widget.Line{}
	if first > 0 {
		line = append(line, widget.Span{Text: fmt.Sprintf("‹%d ", first), Style: v.theme.Dim})
	}
	v.hits = v.hits[:0]
	for i := first; i <= last; i++ {
		from := x + line.Width()
		line = append(line, tabs[i]...)
		v.hits = append(v.hits, tabHit{from, x + line.Width(), all[i]})
	}
	if more := len(all) - 1 - last; more > 0 {
		line = append(line, widget.Span{Text: fmt.Sprintf(" %d›", more), Style: v.theme.Dim})
	}
	line = append(line, layoutName)
	widget.DrawLine(screen, x, y, width, line, 0)
}

// MouseHandler focuses the VM whose tab is clicked (with --mouse).
func (v *vmStrip) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (consumed bool, capture tview.Primitive) {
	return v.WrapMouseHandler(func(action tview.MouseAction, event *tcell.EventMouse, _ func(p tview.Primitive)) (bool, tview.Primitive) {
		x, y := event.Position()
		if action != tview.MouseLeftClick || !v.InRect(x, y) {
			return false, nil
		}
		for _, h := range v.hits {
			if x >= h.from && x < h.to {
				v.d.focusVM(h.session)
				v.d.overview.selectVM(h.session)
				return true, nil
			}
		}
		return false, nil
	})
}

// tab renders one VM's tab.
func (v *vmStrip) tab(i int, s *session.Session) widget.Line {
	st := s.State()
	th := v.theme
	base := th.Base
	if s == v.d.session {
		base = th.Title.Reverse(true)
	}
	mark := ""
	if v.d.fleet.IsMarked(s.Name()) {
		mark = "*"
	}
	if v.d.pinned[s] {
		mark += "^"
	}
	if mark == "" {
		mark = " "
	}
	l := widget.Line{
		{Text: " " + mark + strconv.Itoa(i+1) + " ", Style: base},
		{Text: s.Name() + " ", Style: base.Bold(true)},
	}
	if host := transport.AddressHost(st.Addr); host != "" {
		l = append(l, widget.Span{Text: "@" + host + " ", Style: th.Dim})
	}
	if s.ReadOnly() {
		l = append(l, widget.Span{Text: readOnlyBadge + " ", Style: th.Warning.Bold(true)})
	}
	l = append(l, widget.Span{Text: stateGlyph(st), Style: connStyle(th, st)})
	if word := vmStateWord(st); word != "" {
		l = append(l, widget.Span{Text: " " + word, Style: base})
	}
	if bar := v.d.live.summary(s.Name()); bar != "" {
		l = append(l, widget.Span{Text: " " + bar, Style: base})
	}
	spark := th.Key
	if s == v.d.session {
		spark = base // the focused tab stays one reversed block
	}
	v.series = s.Events.RateSeries(v.series[:0])
	l = append(l, widget.Span{Text: " " + widget.Sparkline(v.series, stripSparkWidth), Style: spark},
		widget.Span{Text: fmt.Sprintf(" %.1f/s", s.Events.Rate()), Style: base})
	if n := v.d.unread(s); n > 0 {
		l = append(l, widget.Span{Text: fmt.Sprintf(" !%d", n), Style: th.Error.Bold(true)})
	}
	return append(l, widget.Span{Text: " │", Style: th.Dim})
}

// visibleTabs picks the widest run of the n tabs around the focused one
// that fits in width cells, making (tab) only the tabs it looks at: the
// run and one past each end.
func visibleTabs(n int, tab func(i int) widget.Line, focused, width int) (first, last int) {
	first, last = focused, focused
	used := tab(focused).Width()
	for grew := true; grew; {
		grew = false
		if last+1 < n && used+tab(last+1).Width() <= width {
			last++
			used += tab(last).Width()
			grew = true
		}
		if first > 0 && used+tab(first-1).Width() <= width {
			first--
			used += tab(first).Width()
			grew = true
		}
	}
	return first, last
}

// stateGlyph is a one-cell connection state: ● ready, ◌ not answering,
// ○ down; the status bar's words start with it.
func stateGlyph(st session.State) string {
	glyph, _, _ := strings.Cut(connText(st), " ")
	return glyph
}

// vmStateWord is the run state, or why there is none.
func vmStateWord(st session.State) string {
	switch {
	case st.NotResponding:
		return "not responding"
	case st.Exited != "":
		return "exited"
	case st.ShutOff:
		return "shut off"
	case !st.Ready() && !st.RetryAt.IsZero():
		return "down"
	case !st.Ready():
		return st.Conn.String()
	case st.Booting && st.RunState == "running":
		return "booting"
	}
	return st.RunState
}
