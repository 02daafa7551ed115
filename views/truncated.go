package views

import (
	"strconv"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/widget"
)

// messageDoc shows a stored message in mode: as NewJSONDoc when it is
// whole, and when the history kept only its start (fullSize > 0), that
// start between two lines saying it was cut, how big it was and where it
// is whole. JSON views then end where the kept bytes end, without calling
// the message invalid.
func messageDoc(raw []byte, fullSize int, mode widget.ViewMode, th widget.Theme) widget.LineSource {
	if fullSize == 0 {
		return widget.NewJSONDoc(raw, mode, th)
	}
	note := widget.LineSlice{{{Text: store.TruncatedNote(fullSize), Style: th.Warning}}}
	return concatSource{note, widget.NewCutJSONDoc(raw, mode, th), note}
}

// evictionNote says how many entries a history evicted and how many bytes
// they held, "" if none.
func evictionNote(u store.Usage) string {
	if u.Evicted == 0 {
		return ""
	}
	return " · " + evictedText(u)
}

// evictedText is "N evicted (SIZE)".
func evictedText(u store.Usage) string {
	return strconv.FormatUint(u.Evicted, 10) + " evicted (" + termtext.FormatBytes(u.EvictedBytes) + ")"
}
