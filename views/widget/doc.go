// Package widget holds the generic pieces the dashboard's screens are made
// of, none of which knows about QMP, sessions or the dashboard: styled
// lines (Line, Span, DrawLine), the colour theme, a list pane drawn from a
// row source, a scrolling text pane, and a JSON document shown condensed,
// expanded or raw; and the two text gauges live views draw, a
// sparkline and a progress bar.
//
// Invariant: text that came from a server or a file is data. It reaches the
// screen only through DrawLine, which writes cells with tcell styles (so
// tview's [tags] are never parsed) after Safe has escaped every control
// character and invalid byte (so no terminal escape can get through). Box
// titles are the one place tview parses tags; SafeTitle escapes them.
//
// Panes draw only their visible window: a source of a million rows costs
// what the screen shows.
package widget
