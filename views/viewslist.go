package views

import (
	"github.com/qmpdash/qmpdash/keymap"
	"github.com/qmpdash/qmpdash/views/widget"
)

// viewsPage names the live views list (:views) in the dashboard's pages.
const viewsPage = "views"

// viewsRows lists the live views, one a row: the keys that open it, its
// name and title, and whether it is the one shown; the last row is the
// focused VM's watches (:watch).
type viewsRows struct{ d *Dashboard }

// Len is the number of live views, and one for the watches.
func (r viewsRows) Len() int { return len(r.d.live.views) + 1 }

// Rows renders rows [from, from+n).
func (r viewsRows) Rows(from, n, _ int) []widget.Line {
	th := r.d.theme
	row := func(keys, name, shows string) widget.Line {
		return widget.Line{{Text: pad(keys, 8), Style: th.Key}, {Text: pad(name, 12), Style: th.Base.Bold(true)}, {Text: shows, Style: th.Dim}}
	}
	var out []widget.Line
	for i := from; i < min(from+n, r.Len()); i++ {
		if i == len(r.d.live.views) {
			out = append(out, row(":watch", "watches", "the watches of "+r.d.session.Name()))
			continue
		}
		v := r.d.live.views[i]
		shows := v.poller.View().Title
		if v == r.d.live.cur {
			shows += "  (shown)"
		}
		out = append(out, row("<"+keyNames(r.d.km.KeysOf(v.open))+">", v.poller.View().Name, shows))
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
	d.pages.AddPage(viewsPage, centered(d.viewsList, 60, rows.Len()+3), true, true)
	d.app.SetFocus(d.viewsList)
	d.viewsList.Top()
	return nil
}

// openListedView closes the views list and shows the live view selected
// in it, or the focused VM's watches.
func (d *Dashboard) openListedView() {
	i := d.viewsList.Selected()
	d.closeOverlay(viewsPage)
	switch {
	case i == len(d.live.views):
		d.showWatches(nil)
	case i >= 0 && i < len(d.live.views):
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
