package views

import (
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/keymap"
)

// liveController performs a live view's actions: closing it, and the
// selected row's actions, which the view's data names (live.Action).
type liveController struct{ d *Dashboard }

func (liveController) context() keymap.Context { return keymap.LiveView }

func (c liveController) handlers() handlers {
	l := c.d.live
	row := func(name string) func() { return func() { c.d.rowAction(name) } }
	return handlers{
		keymap.LiveClose:     l.close,
		keymap.JobPause:      row("pause"),
		keymap.JobResume:     row("resume"),
		keymap.JobSetSpeed:   row("set-speed"),
		keymap.JobCancel:     row("cancel"),
		keymap.JobComplete:   row("complete"),
		keymap.JobFinalize:   row("finalize"),
		keymap.JobDismiss:    row("dismiss"),
		keymap.BlockResize:   row("resize"),
		keymap.BlockThrottle: row("throttle"),
		keymap.BitmapAdd:     row("bitmap-add"),
		keymap.BitmapClear:   row("bitmap-clear"),
		keymap.BlockBackup:   row("backup"),
		keymap.BlockMirror:   row("mirror"),
	}
}

// rowAction performs the shown view's action name on the selected row:
// the command filled from the row goes through the one send path, as if
// typed for the row's VM (read-only mode, confirmation and the logs
// apply); an editing action puts it in the input line instead, with that
// VM in focus.
func (d *Dashboard) rowAction(name string) {
	v := d.live.cur
	a, ok := v.poller.View().Action(name)
	if !ok {
		d.input.showError(fmt.Errorf("the %s view has no %s action", v.poller.View().Name, name))
		return
	}
	r, ok := d.live.selected()
	if !ok {
		d.input.showError(errors.New(name + ": no row selected"))
		return
	}
	if !a.Allows(r) {
		d.input.showError(fmt.Errorf("%s: not for a job that is %s", name, rowState(r)))
		return
	}
	if a.ForgetsGone && r.Gone {
		v.poller.Table.Forget(r.VM, r.Key)
		d.live.refresh()
		return
	}
	text, err := a.Line(r)
	if err != nil {
		d.input.showError(err)
		return
	}
	s := d.sessionNamed(r.VM)
	if s == nil {
		d.input.showError(fmt.Errorf("%s: %s left the dashboard", name, r.VM))
		return
	}
	if a.Edit {
		d.focusVM(s)
		d.input.SetText(text)
		d.app.SetFocus(d.input)
		return
	}
	if err := d.sendRowCommand(s, text, v); err != nil {
		d.input.showError(err)
	}
}

// sendRowCommand sends a row action's command line to s like a typed line:
// checked, confirmed when the policy says so, then sent; the view is
// refreshed once the reply came, to show what the command did.
func (d *Dashboard) sendRowCommand(s *session.Session, text string, v *liveView) error {
	line, err := cmdline.Parse(text)
	if err != nil {
		return err
	}
	out, err := s.Check(line, text)
	if err != nil {
		return err
	}
	refresh := func(sent *send.Sent) {
		go func() {
			<-sent.Done()
			v.poller.Refresh(s.Name())
		}()
	}
	if s.NeedsConfirm(out) {
		d.askToSend(s, out, d.live.list, refresh)
		return nil
	}
	sent, err := s.SendChecked(out)
	if err != nil {
		return err
	}
	refresh(sent)
	return nil
}

// rowState says what a row's status is, for a refusal.
func rowState(r live.Row) string {
	if r.Gone {
		return "over"
	}
	return r.Status
}
