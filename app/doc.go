// Package app holds qmpdash's state and behaviour without any widgets:
// sessions over qmp clients, history rings, event filters, schema loading
// and the command language (sub-package cmdline). Views render app state and
// turn keys into app actions; data flows qmp → app → views, never back.
package app
