package views

import (
	"strings"

	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// Dashboard commands: a line typed with a leading ':' (":doc block_resize")
// is for the dashboard itself and is never sent to the monitor. The input
// line only recognises such lines; the dashboard runs them.

// SetMetaFunc sets what runs lines that start with ':'. run gets the line
// without surrounding spaces; an error it returns is shown in the hint row
// and the line stays. Without it, such lines are parsed as commands.
func (in *InputLine) SetMetaFunc(run func(line string) error) { in.meta = run }

// SetLoggedNames sets where the names of the VM's command log come from,
// for completing the argument of a dashboard command that takes one
// (:latency); names runs on the UI goroutine.
func (in *InputLine) SetLoggedNames(names func() []string) { in.logged = names }

// isMetaLine reports whether text is a dashboard command.
func isMetaLine(text string) bool { return strings.HasPrefix(strings.TrimSpace(text), ":") }

// submitMeta runs a dashboard command; it reports whether text was one.
// Dashboard commands stay out of the command history, which holds what
// was sent to monitors.
func (in *InputLine) submitMeta(text string) bool {
	if in.meta == nil || !isMetaLine(text) {
		return false
	}
	if err := in.meta(strings.TrimSpace(text)); err != nil {
		in.showError(err)
		return true
	}
	in.SetText("")
	return true
}

// checkMeta shows the hint for a dashboard command being typed; it reports
// whether text is one.
func (in *InputLine) checkMeta(text string) bool {
	if in.meta == nil || !isMetaLine(text) {
		return false
	}
	in.area.SetTextStyle(in.theme.Base)
	in.hint.Line = widget.Line{{Text: "  dashboard command, not sent: " + keymap.MetaUsage(), Style: in.theme.Dim}}
	return true
}
