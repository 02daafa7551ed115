package views

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/tidwall/gjson"
)

// broadcast sends a line to every marked VM: checked for each first (a
// line one VM refuses goes to none), confirmed once naming every VM if any
// of them asks for it.
func (d *Dashboard) broadcast(targets []*session.Session, line *cmdline.Line, text string) error {
	b, err := d.fleet.PrepareBroadcast(targets, line, text)
	if err != nil {
		return err
	}
	if b.NeedsConfirm() {
		d.askToBroadcast(b)
		return errConfirming
	}
	d.sendBroadcast(b)
	return nil
}

// sendBroadcast sends a prepared broadcast and shows its results.
func (d *Dashboard) sendBroadcast(b *session.Broadcast) {
	b.Send()
	d.commands.Bottom()
	d.showSelection(d.commands)
}

// broadcastLines lays out one broadcast's results, one row per VM: status,
// latency, and the reply or error condensed to the pane's width; below
// them every reply in the detail pane's mode.
func (d *Dashboard) broadcastLines(id uint64) widget.LineSource {
	results := d.fleet.BroadcastResults(id)
	th := d.theme
	rows := widget.LineSlice{{{Text: pad("VM", 16) + pad("STATUS", 18) + pad("LATENCY", 10) + "RESULT", Style: th.Title}}}
	var docs concatSource
	rowsOf := &commandRows{theme: th}
	for _, r := range results {
		if !r.Found {
			rows = append(rows, widget.Line{{Text: pad(r.VM, 16), Style: th.Key}, {Text: "(no longer in the log)", Style: th.Dim}})
			continue
		}
		status, style := rowsOf.status(r.Entry)
		latency := ""
		if r.Entry.Status != store.Pending {
			latency = fmt.Sprintf("%dms", r.Entry.Latency().Milliseconds())
		}
		rows = append(rows, widget.Line{
			{Text: pad(r.VM, 16), Style: th.Key},
			{Text: pad(status, 18), Style: style},
			{Text: pad(latency, 10), Style: th.Dim},
			{Text: resultSummary(r.Entry), Style: th.Base},
		})
		docs = append(docs, widget.LineSlice{{}, {{Text: "── " + r.VM + " ──", Style: th.Title}}})
		switch {
		case len(r.Entry.Reply) > 0:
			docs = append(docs, messageDoc(r.Entry.Reply, r.Entry.ReplyFullSize, d.detail.mode, th))
		case r.Entry.ErrDesc != "":
			docs = append(docs, widget.LineSlice{{{Text: r.Entry.ErrDesc, Style: th.Error}}})
		}
	}
	return append(concatSource{rows}, docs...)
}

// resultSummary is a reply or error on one line.
func resultSummary(e store.CommandEntry) string {
	switch {
	case e.ErrDesc != "":
		return e.ErrDesc
	case e.ReplyFullSize > 0:
		return store.TruncatedNote(e.ReplyFullSize)
	case len(e.Reply) > 0:
		if ret := gjson.GetBytes(e.Reply, "return"); ret.Exists() {
			return termtext.Condense([]byte(ret.Raw), 200)
		}
		return termtext.Condense(e.Reply, 200)
	}
	return ""
}

// askToBroadcast is the confirmation dialog for a broadcast: one question
// naming every VM.
func (d *Dashboard) askToBroadcast(b *session.Broadcast) {
	d.askConfirm(question{text: fmt.Sprintf("Send %s to %d VMs: %s?", b.Outs[0].Name, len(b.Outs), strings.Join(b.Targets(), ", ")),
		hint: sendHint, no: errNotSent, yes: func() error { d.sendBroadcast(b); d.clearSentLine(); return nil }})
}

// showCommand shows a command in the detail pane; one that was part of a
// broadcast shows every VM's result side by side.
func (d *Dashboard) showCommand(e store.CommandEntry) {
	if e.Broadcast == 0 {
		d.detail.showCommand(e)
		return
	}
	results := d.fleet.BroadcastResults(e.Broadcast)
	if len(results) == 0 {
		d.detail.showCommand(e)
		return
	}
	key := fmt.Sprintf("b%d/%d", e.Broadcast, d.detail.mode)
	for _, r := range results {
		key += fmt.Sprintf("/%d.%d", r.Entry.Status, len(r.Entry.Reply))
	}
	if key == d.detail.shown {
		return
	}
	d.detail.shown = key
	d.detail.SetSafeTitle(fmt.Sprintf("Broadcast %s · %d VMs · %s", e.Name, len(results), d.detail.mode))
	d.detail.SetSource(d.broadcastLines(e.Broadcast))
}
