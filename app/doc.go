// Package app is qmpdash's state and behaviour without any widgets, one
// sub-package per concern; this package itself holds no code, only this
// map. Each sub-package's own comment states its invariants.
//
// From the leaves up (an arrow: "imports"):
//
//	paths      where qmpdash keeps its files            → nothing of qmpdash
//	cmdline    the command language                     → nothing of qmpdash
//	jsondiff   two JSON values compared path by path    → nothing of qmpdash
//	termtext   server text made safe for a terminal     → qmp
//	store      bounded histories, the merged stream     → qmp, termtext
//	wirelog    session logs, written and read           → qmp
//	history    the input line's history file            → cmdline, paths, termtext
//	complete   completion of the input line             → cmdline, docs
//	send       the one send path: check, policy,        → qmp, docs, cmdline,
//	           confirmation decision, timeout, send       store, termtext
//	transport  addresses and dialing; remote: SSH, TLS; → qmp (remote: nothing;
//	           libvirt: domains as QMP streams            libvirt: remote)
//	replay     replaying logs, scripts and macros       → qmp, docs, cmdline, jsondiff,
//	                                                      paths, send, store, termtext,
//	                                                      wirelog
//	session    sessions, the fleet, keepalive, launch,  → qmp, docs, cmdline, paths,
//	           recordings                                 replay, send, store,
//	                                                      transport, wirelog
//	live       live resource views: pollers, tables,    → qmp, cmdline, session,
//	           rates (jobs, migration, block, devices)    store, termtext
//	livevalues the VM's state cached for completion     → complete, session
//	watch      :watch, a read-only query kept fresh     → cmdline, jsondiff, send,
//	                                                      wirelog
//	share      the shared monitor: a VM's socket for    → qmp, cmdline, paths,
//	           other clients, through its session         session, store, transport
//	config     config.toml, read once; the only one     → session, replay, send, store,
//	           that imports keymap                        transport (and remote), paths,
//	                                                      docs, keymap, qmp
//	guest      the test and demo guest                  → paths
//	qom        the lazy QOM tree of the QOM browser     → nothing of qmpdash (a
//	                                                      Poller: session.Poll)
//
// Data flows qmp → app → views → cmd, never back: nothing under app
// imports views or cmd, replay never imports session (session adapts
// its sessions to replay.Target), and only config imports keymap.
package app
