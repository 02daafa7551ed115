package views

import (
	"bytes"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/views/widget"
)

// DetailPane shows the selected message — an event, or a command's
// request and reply — in the current view mode.
type DetailPane struct {
	*widget.TextPane
	theme  widget.Theme
	mode   widget.ViewMode
	source *widget.ListPane
	shown  string // what is on screen, to rebuild only on change
	// rowData is the live row shown, whose refreshes keep the position.
	rowData []byte
}

// NewDetailPane starts in expanded mode.
func NewDetailPane(th widget.Theme) *DetailPane {
	d := &DetailPane{TextPane: widget.NewTextPane(), theme: th, mode: widget.Expanded}
	d.SetBorder(true)
	d.SetSafeTitle("Detail")
	return d
}

// CycleMode switches condensed → expanded → raw. The condensed line wraps;
// the others scroll sideways.
func (d *DetailPane) CycleMode() {
	d.mode = d.mode.Next()
	d.SetWrap(d.mode == widget.Condensed)
}

// Mode returns the current view mode.
func (d *DetailPane) Mode() widget.ViewMode { return d.mode }

// showEvent displays an event.
func (d *DetailPane) showEvent(e store.EventEntry) {
	key := fmt.Sprintf("e%d/%d", e.Seq, d.mode)
	if key == d.shown {
		return
	}
	d.shown = key
	if e.Outage != nil {
		d.SetSafeTitle("Outage")
		d.SetSource(widget.LineSlice{{{Text: "The monitor was unreachable: " + e.Outage.String() + ". Events of that time are lost; commands pending then were interrupted.", Style: d.theme.Warning}}})
		return
	}
	if e.IsGap() {
		d.SetSafeTitle("Gap")
		d.SetSource(widget.LineSlice{{{Text: fmt.Sprintf("%d events were dropped here because the display could not keep up.", e.Dropped), Style: d.theme.Warning}}})
		return
	}
	d.SetSafeTitle(fmt.Sprintf("Event %s · #%d · %s", e.Name, e.Seq, d.mode))
	d.SetSource(concatSource{widget.LineSlice{d.clocks(e), {}}, messageDoc(e.Raw, e.FullSize, d.mode, d.theme)})
	d.Home()
}

// dateTime is how the detail pane writes a local date and time.
const dateTime = "2006-01-02 15:04:05.000000"

// clocks is an event's two times: QEMU's (its host clock when it emitted
// the event), the local receive time, and how far apart they are.
func (d *DetailPane) clocks(e store.EventEntry) widget.Line {
	recv := widget.Span{Text: "received " + e.Received.Local().Format(dateTime), Style: d.theme.Dim}
	if e.Timestamp.IsZero() {
		return widget.Line{{Text: "no QEMU time   ", Style: d.theme.Dim}, recv}
	}
	skew := e.Received.Sub(e.Timestamp).Round(time.Microsecond)
	sign := "+"
	if skew < 0 {
		sign, skew = "-", -skew
	}
	return widget.Line{
		{Text: "QEMU time " + e.Timestamp.Local().Format(dateTime) + "   ", Style: d.theme.Title},
		recv,
		{Text: "   skew " + sign + skew.String(), Style: d.theme.Dim},
	}
}

// showRow displays a live view's row: the server's data it was made of,
// as the view's queries returned it. A refresh of the row shown keeps
// the scroll position, so that the data can be read while it moves.
func (d *DetailPane) showRow(view string, r live.Row) {
	key := fmt.Sprintf("r%d/%s/%s/%s", d.mode, view, r.VM, r.Key)
	if key == d.shown && bytes.Equal(r.Data, d.rowData) {
		return
	}
	title := view
	if r.Label != "" {
		title += " " + r.Label
	}
	d.SetSafeTitle(fmt.Sprintf("%s · %s · %s", title, r.VM, d.mode))
	doc := messageDoc(r.Data, 0, d.mode, d.theme)
	if key == d.shown {
		d.UpdateSource(doc)
	} else {
		d.SetSource(doc)
	}
	d.shown, d.rowData = key, r.Data
}

// showCommand displays a command's request and, once it came, its reply.
// The request takes one line, as sent, whatever the mode, so that the
// reply is in view even in a short pane.
func (d *DetailPane) showCommand(e store.CommandEntry) {
	key := fmt.Sprintf("c%d/%d/%d/%d", e.Seq, e.Status, d.mode, len(e.Reply))
	if key == d.shown {
		return
	}
	d.shown = key
	d.SetSafeTitle(fmt.Sprintf("Command %s · %s · %s", e.Name, e.Status, d.mode))
	req := widget.Line{{Text: "→ request  " + clock(e.Sent, true), Style: d.theme.Title}}
	parts := concatSource{widget.LineSlice{req}}
	if len(e.Request) > 0 {
		parts = append(parts, messageDoc(e.Request, e.RequestFullSize, widget.Raw, d.theme))
		if d.mode != widget.Raw {
			parts = append(parts, decodedFields(e.Request, d.theme))
		}
	} else {
		parts = append(parts, widget.LineSlice{{{Text: e.Text, Style: d.theme.Base}}})
	}
	head := "← reply"
	switch {
	case e.Status == store.Pending:
		head += "  (waiting…)"
	case e.Late:
		head += fmt.Sprintf("  %s  %d ms (arrived after the timeout)", clock(e.Received, true), e.Latency().Milliseconds())
	default:
		head += fmt.Sprintf("  %s  %d ms", clock(e.Received, true), e.Latency().Milliseconds())
	}
	parts = append(parts, widget.LineSlice{{}, {{Text: head, Style: d.theme.Title}}})
	switch {
	case len(e.Reply) > 0:
		parts = append(parts, d.reply(e))
	case e.ErrDesc != "":
		parts = append(parts, widget.LineSlice{{{Text: e.Status.String() + ": " + e.ErrDesc, Style: d.theme.Error}}})
	}
	d.SetSource(parts)
}

// reply renders a command's reply: the text of an HMP reply as its lines
// except in Raw mode, else the JSON, followed outside Raw mode by the
// guest agent's base64 members decoded.
func (d *DetailPane) reply(e store.CommandEntry) widget.LineSource {
	if e.HMP && d.mode != widget.Raw {
		if text, ok := hmpReplyText(e.Reply, d.theme); ok {
			return text
		}
	}
	doc := messageDoc(e.Reply, e.ReplyFullSize, d.mode, d.theme)
	if d.mode == widget.Raw || e.ReplyFullSize > 0 {
		return doc
	}
	return concatSource{doc, decodedFields(e.Reply, d.theme)}
}

// concatSource shows several sources one after another.
type concatSource []widget.LineSource

// Len is the total number of lines.
func (c concatSource) Len() int {
	n := 0
	for _, s := range c {
		n += s.Len()
	}
	return n
}

// Lines returns up to n lines from line from on, across the parts.
func (c concatSource) Lines(from, n int) []widget.Line {
	var out []widget.Line
	for _, s := range c {
		l := s.Len()
		if from >= l {
			from -= l
			continue
		}
		got := s.Lines(from, n-len(out))
		out = append(out, got...)
		from = 0
		if len(out) >= n {
			break
		}
	}
	return out
}
