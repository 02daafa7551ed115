package views

import (
	"strconv"
	"strings"

	"github.com/qmpdash/qmpdash/app/session"
)

// Two choices of VMs that must not be confused: the marked VMs are where
// the input line sends (a broadcast), and the prompt names them; the pinned
// VMs are what the split layout shows beside the VM in front.

// maxPromptNames bounds the names the prompt spells out before it counts
// the rest.
const maxPromptNames = 3

// prompt is the input line's prompt: "> " when a line goes to the VM in
// front, "→ web1,web2 > " when it goes to the marked VMs.
func (d *Dashboard) prompt() string {
	marked := d.fleet.Marked()
	if len(marked) == 0 {
		return promptText
	}
	var names []string
	for i, s := range marked {
		if i == maxPromptNames && len(marked) > maxPromptNames+1 {
			names = append(names, "+"+strconv.Itoa(len(marked)-i))
			break
		}
		names = append(names, s.Name())
	}
	return "→ " + strings.Join(names, ",") + " " + promptText
}

// togglePin pins a VM to the split layout, or unpins it, and lays the
// screen out again.
func (d *Dashboard) togglePin(s *session.Session) {
	if d.pinned[s] {
		delete(d.pinned, s)
	} else {
		d.pinned[s] = true
	}
	if d.layout == splitLayout {
		d.arrange()
	}
}
