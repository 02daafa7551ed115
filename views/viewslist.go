package views

import (
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// viewsPage names the live views list (:views) in the dashboard's pages.
const viewsPage = "views"

// viewsRows lists the live views, one a row: the keys that open it, its
// name and title, and whether it is the one shown.
type viewsRows struct{ d *Dashboard }

// Len is the number of live views.
func (r viewsRows) Len() int { return len(r.d.live.views) }

// Rows renders rows [from, from+n).
func (r viewsRows) Rows(from, n, _ int) []widget.Line {
	th := r.d.theme
	var out []widget.Line
	for _, v := range r.d.live.views[from:min(from+n, len(r.d.live.views))] {
		view := v.poller.View()
		state := ""
		if v == r.d.live.cur {
			state = "  (shown)"
		}
		out = append(out, widget.Line{
			{Text: pad("<"+keyNames(r.d.km.KeysOf(v.open))+">", 8), Style: th.Key},
			{Text: pad(view.Name, 12), Style: th.Base.Bold(true)},
			{Text: view.Title + state, Style: th.Dim},
		})
	}
	return out
}

// header names the columns.
func (r viewsRows) header(int) widget.Line {
	return widget.Line{{Text: pad("KEYS", 8) + pad("VIEW", 12) + "SHOWS", Style: r.d.theme.Title}}
}

// metaViews is :views: the list of live views, Enter opens the selected one.
func (d *Dashboard) metaViews(string) error {
	rows := viewsRows{d}
	d.viewsList = widget.NewListPane(rows, rows.header, d.theme)
	d.viewsList.SetBorder(true)
	d.viewsList.SetTitleText("Live views · Enter opens · Esc closes")
	d.pages.AddPage(viewsPage, centered(d.viewsList, 60, len(d.live.views)+3), true, true)
	d.app.SetFocus(d.viewsList)
	d.viewsList.Top()
	return nil
}

// openListedView closes the views list and shows the live view selected in it.
func (d *Dashboard) openListedView() {
	i := d.viewsList.Selected()
	d.closeOverlay(viewsPage)
	if i >= 0 && i < len(d.live.views) {
		d.live.show(d.live.views[i])
	}
}

// viewsController performs the views list's own action; moving is the
// lists' and closing the overlays'.
type viewsController struct{ d *Dashboard }

func (viewsController) context() keymap.Context { return keymap.ViewsOverlay }

func (c viewsController) handlers() handlers {
	return handlers{keymap.ViewsOpen: c.d.openListedView}
}
