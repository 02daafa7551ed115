package views

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/qom"
	"github.com/qmpdash/qmpdash/keymap"
)

// qomController performs the QOM browser's own actions; Esc is the
// overlays' close.
type qomController struct{ d *Dashboard }

func (qomController) context() keymap.Context { return keymap.QOMOverlay }

func (c qomController) handlers() handlers {
	// The keys of this context reach it only while the browser is in
	// front, so it exists.
	d := c.d
	return handlers{
		keymap.QOMDown:     func() { d.qom.move(1) },
		keymap.QOMUp:       func() { d.qom.move(-1) },
		keymap.QOMToggle:   d.qomToggle,
		keymap.QOMExpand:   func() { d.qom.model.Expand(d.qom.path) },
		keymap.QOMCollapse: d.qomCollapse,
		keymap.QOMFollow:   d.qomFollow,
		keymap.QOMSearch:   func() { d.qom.searching, d.qom.query = true, "" },
		keymap.QOMNext:     func() { d.qom.next() },
		keymap.QOMEdit:     d.qomEdit,
	}
}

// showQOM opens the QOM browser of the focused VM at path. The tree
// loaded before stays while the VM keeps the focus; the browser's worker
// runs while it is open.
func (d *Dashboard) showQOM(path string) {
	if d.qomModel == nil || d.qomOf != d.session {
		d.qomModel, d.qomOf = qom.New(d.session, qom.Limits{}, nil), d.session
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.qomStop = cancel
	go d.qomModel.Run(ctx)
	d.qomLive.Store(d.qomModel)
	d.qom = newQOMBrowser(d.qomModel, d.theme)
	d.qomModel.Expand("/")
	d.qom.goTo(path, true)
	d.pages.AddPage(qomPage, centered(d.qom, 140, 40), true, true)
	d.app.SetFocus(d.qom)
}

// closeQOM closes the browser and stops its worker.
func (d *Dashboard) closeQOM() {
	d.qomStop()
	d.qomLive.Store(nil)
	d.closeOverlay(qomPage)
}

// metaQOM is :qom [PATH].
func (d *Dashboard) metaQOM(arg string) error {
	if arg == "" {
		arg = "/"
	}
	d.showQOM(arg)
	return nil
}

// qomToggle expands or collapses the selected object, or follows the
// selected link.
func (d *Dashboard) qomToggle() {
	r, _ := d.qom.selected(d.qom.model.Rows())
	switch {
	case r.Kind == qom.Link:
		d.qomFollow()
	case r.Kind == qom.Object && r.Expanded && r.Path != "/":
		d.qom.model.Collapse(r.Path)
	case r.Kind == qom.Object:
		d.qom.model.Expand(r.Path)
	}
}

// qomCollapse collapses the selected object, or goes to the object that
// holds the selected row.
func (d *Dashboard) qomCollapse() {
	r, _ := d.qom.selected(d.qom.model.Rows())
	if r.Kind == qom.Object && r.Expanded && r.Path != "/" {
		d.qom.model.Collapse(r.Path)
		return
	}
	if object, _ := qom.SplitPath(r.Path); object != "" {
		d.qom.path = object
	}
}

// qomFollow goes to the target of the selected link, once its value is
// read.
func (d *Dashboard) qomFollow() {
	r, _ := d.qom.selected(d.qom.model.Rows())
	switch target := r.LinkTarget(); {
	case r.Kind != qom.Link:
		d.qom.note = "not a link"
	case target == "":
		d.qom.note = "the link is unset, or its value not read yet"
	default:
		d.qom.note = "followed " + r.Name
		d.qom.goTo(target, false)
	}
}

// qomEdit puts qom-set for the selected property, with its current value,
// in the input line; sending it takes the one send path (policy,
// confirmation) as any typed line does.
func (d *Dashboard) qomEdit() {
	r, _ := d.qom.selected(d.qom.model.Rows())
	if r.Kind == qom.Object {
		d.qom.note = "objects are not set: pick a property"
		return
	}
	object, property := qom.SplitPath(r.Path)
	value := json.RawMessage(r.Value)
	if len(value) == 0 {
		value = json.RawMessage(`""`)
	}
	args, err := json.Marshal(struct {
		Path     string          `json:"path"`
		Property string          `json:"property"`
		Value    json.RawMessage `json:"value"`
	}{object, property, value})
	line, ok := cmdline.FormatCommand("qom-set", args)
	if err != nil || !ok {
		d.qom.note = fmt.Sprintf("cannot write qom-set for %s", r.Path)
		return
	}
	d.closeQOM()
	d.input.SetText(line)
	d.app.SetFocus(d.input)
}
