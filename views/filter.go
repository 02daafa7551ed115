package views

import (
	"fmt"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// filterPage names the filter overlay in the dashboard's pages.
const filterPage = "filter"

// filterOverlay edits the event filter: include and exclude globs
// ("BLOCK_JOB_* !RTC_CHANGE") over a live table of the names seen so far
// with their counts and rates. The completion key completes the word under
// the cursor with the event names of the VM's schema.
type filterOverlay struct {
	*tview.Flex
	field  *tview.TextArea
	msg    *widget.LineView
	popup  *CompletionPopup
	engine func() *complete.Engine
	log    *store.EventLog
	theme  widget.Theme
}

// filterHint is the overlay's help line until an error replaces it.
const filterHint = "globs (* ? [..]) include, !glob excludes; Tab completes, Enter applies, Esc cancels"

// newFilterOverlay edits log's filter; engine returns the completion
// engine of the VM's schema (nil before it is known).
func newFilterOverlay(log *store.EventLog, engine func() *complete.Engine, th widget.Theme) *filterOverlay {
	o := &filterOverlay{field: tview.NewTextArea(), msg: widget.NewLineView(),
		popup: NewCompletionPopup(th), engine: engine, log: log, theme: th}
	o.field.SetWrap(false).SetLabel("Filter: ").SetLabelStyle(th.Title)
	o.field.SetTextStyle(th.Base.Underline(true))
	o.field.SetChangedFunc(o.changed)
	stats := &statsView{Box: tview.NewBox(), log: log, theme: th}
	o.Flex = tview.NewFlex().SetDirection(tview.FlexRow).
		AddItem(o.field, 1, 0, true).AddItem(o.msg, 1, 0, false).AddItem(stats, 0, 1, false)
	o.SetBorder(true).SetTitle(" Event filter ")
	return o
}

// open shows the current filter for editing.
func (o *filterOverlay) open() {
	o.field.SetText(o.log.Filter().String(), true)
	o.popup.Close()
	o.msg.Line = widget.Line{{Text: filterHint, Style: o.theme.Dim}}
}

// changed keeps the filter on one row (a paste may bring line ends) and
// narrows an open popup.
func (o *filterOverlay) changed() {
	if text := o.field.GetText(); strings.ContainsAny(text, "\r\n") {
		o.field.SetText(strings.Join(strings.Fields(text), " "), true)
		return
	}
	o.completer().refresh()
}

// complete handles the completion key.
func (o *filterOverlay) complete() {
	if !o.completer().complete() {
		o.msg.Line = widget.Line{{Text: "no event names here", Style: o.theme.Dim}}
	}
}

func (o *filterOverlay) completer() fieldCompleter {
	return fieldCompleter{area: o.field, popup: o.popup, candidates: o.engine().CompleteFilter}
}

// apply sets the typed filter; it reports false, with the reason shown,
// when the text does not parse.
func (o *filterOverlay) apply() bool {
	f, err := store.ParseEventFilter(o.field.GetText())
	if err != nil {
		o.msg.Line = widget.Line{{Text: err.Error(), Style: o.theme.Error}}
		return false
	}
	o.log.SetFilter(f)
	return true
}

// Draw draws the editor, and the completion popup under its text.
func (o *filterOverlay) Draw(screen tcell.Screen) {
	o.Flex.Draw(screen)
	if !o.popup.Open() {
		return
	}
	x, y, w, _ := o.field.GetRect()
	h, pw := o.popup.Size(w)
	o.popup.SetRect(x, y+1, pw, h)
	o.popup.Draw(screen)
}

// statsView lists event names with counts since connect, their rates and
// a sparkline of each name's rate over the last seconds, marking those the
// current filter hides.
type statsView struct {
	*tview.Box
	log    *store.EventLog
	theme  widget.Theme
	series []float64 // reused for each row's sparkline
}

// Widths of the statistics table's columns; the sparkline, a cell a
// second, takes what the others leave, up to a minute.
const (
	statsNameWidth  = 32
	statsCountWidth = 10
	statsRateWidth  = 8
	statsNoteWidth  = 11 // "  (hidden)" and a space
)

// Draw renders the table, biggest counts first.
func (v *statsView) Draw(screen tcell.Screen) {
	v.Box.DrawForSubclass(screen, v)
	x, y, width, height := v.GetInnerRect()
	if height < 2 {
		return
	}
	spark := min(width-statsNameWidth-statsCountWidth-statsRateWidth-statsNoteWidth, store.RateSeriesLen)
	header := pad("EVENT", statsNameWidth) + pad("COUNT", statsCountWidth) + pad("RATE/s", statsRateWidth)
	if spark > 0 {
		header += "PER SECOND"
	}
	widget.DrawLine(screen, x, y, width, widget.Line{{Text: header, Style: v.theme.Title}}, 0)
	f := v.log.Filter()
	for i, st := range v.log.Stats() {
		if i >= height-1 {
			break
		}
		style, note := v.theme.Base, ""
		if !f.Match(st.Name) {
			style, note = v.theme.Dim, "  (hidden)"
		}
		line := widget.Line{
			{Text: pad(st.Name, statsNameWidth), Style: style},
			{Text: pad(fmt.Sprint(st.Count), statsCountWidth), Style: style},
			{Text: pad(fmt.Sprintf("%.1f", st.Rate), statsRateWidth), Style: style},
		}
		if spark > 0 {
			v.series = v.log.NameRateSeries(st.Name, v.series[:0])
			line = append(line, widget.Span{Text: widget.Sparkline(v.series, spark), Style: v.theme.Key})
		}
		widget.DrawLine(screen, x, y+1+i, width, append(line, widget.Span{Text: note, Style: style}), 0)
	}
}

// centered places p in the middle of the screen at the given size.
func centered(p tview.Primitive, width, height int) tview.Primitive {
	return &centeredBox{Box: tview.NewBox(), p: p, width: width, height: height}
}

// centeredBox draws an overlay in the middle of its area at its size, or
// smaller when the terminal is: an overlay never runs off the screen (its
// content scrolls instead). What lies around it stays visible.
type centeredBox struct {
	*tview.Box
	p             tview.Primitive
	width, height int
}

// Draw places the overlay and draws it.
func (c *centeredBox) Draw(screen tcell.Screen) {
	x, y, w, h := c.GetRect()
	cw, ch := min(c.width, w), min(c.height, h)
	c.p.SetRect(x+(w-cw)/2, y+(h-ch)/2, cw, ch)
	c.p.Draw(screen)
}

// Focus hands focus to the overlay.
func (c *centeredBox) Focus(delegate func(p tview.Primitive)) { delegate(c.p) }

// HasFocus reports whether the overlay has focus.
func (c *centeredBox) HasFocus() bool { return c.p.HasFocus() }

// InputHandler is the overlay's.
func (c *centeredBox) InputHandler() func(event *tcell.EventKey, setFocus func(p tview.Primitive)) {
	return c.p.InputHandler()
}

// MouseHandler is the overlay's.
func (c *centeredBox) MouseHandler() func(action tview.MouseAction, event *tcell.EventMouse, setFocus func(p tview.Primitive)) (bool, tview.Primitive) {
	return c.p.MouseHandler()
}
