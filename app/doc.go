// Package app holds qmpdash's state and behaviour without any widgets:
// sessions over qmp clients, schema loading and replay. Its sub-packages
// hold the concerns that stand alone: the configuration file (config), the
// one send path from a checked line to the monitor (send), the bounded
// histories (store), text made safe and readable for a terminal
// (termtext), the command language (cmdline) and its completion
// (complete), monitors on other hosts (remote), the test guest (guest),
// the session log (wirelog), the input history (history) and where
// qmpdash keeps its files (paths).
// Views render app state and turn keys into app actions; data flows
// qmp → app → views, never back.
package app
