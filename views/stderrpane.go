package views

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/views/widget"
)

// stderrHeight is the height of the QEMU output pane, borders included.
const stderrHeight = 7

// stderrPane shows the end of what a QEMU that qmpdash started wrote to
// stderr, and how it ended. QEMU's text is data like any server text.
type stderrPane struct {
	*widget.TextPane
	theme widget.Theme
	proc  *session.QEMUProcess
	seen  int64
	ended bool
	lines int // lines shown
}

func newStderrPane(th widget.Theme) *stderrPane {
	p := &stderrPane{TextPane: widget.NewTextPane(), theme: th, seen: -1}
	p.SetBorder(true)
	return p
}

// rows is the pane's height for proc, borders included: none while it has
// nothing to show (no output, still running) and for VMs qmpdash did not
// start, else its lines up to stderrHeight, so that it takes few rows of a
// small screen. refresh(proc) must have run.
func (p *stderrPane) rows(proc *session.QEMUProcess) int {
	if proc == nil || (proc.StderrLen() == 0 && proc.ExitStatus() == "") {
		return 0
	}
	return min(stderrHeight, p.lines+2)
}

// refresh shows proc's output if it changed; nil hides nothing (the
// layout leaves the pane out for VMs qmpdash did not start).
func (p *stderrPane) refresh(proc *session.QEMUProcess) {
	if proc == nil {
		p.proc = nil
		return
	}
	n, status := proc.StderrLen(), proc.ExitStatus()
	if proc == p.proc && n == p.seen && (status != "") == p.ended {
		return
	}
	p.proc, p.seen, p.ended = proc, n, status != ""
	title := fmt.Sprintf("QEMU stderr · pid %d", proc.Pid())
	if status != "" {
		title = fmt.Sprintf("QEMU stderr · pid %d · %s", proc.Pid(), status)
	}
	p.SetSafeTitle(title)
	var lines widget.LineSlice
	for _, l := range strings.Split(strings.TrimRight(proc.Stderr(), "\n"), "\n") {
		if l != "" {
			lines = append(lines, widget.Line{{Text: l, Style: p.theme.Base}})
		}
	}
	if len(lines) == 0 {
		lines = widget.LineSlice{{{Text: "(nothing on stderr)", Style: p.theme.Dim}}}
	}
	p.lines = len(lines)
	p.SetSource(lines)
	p.End()
}
