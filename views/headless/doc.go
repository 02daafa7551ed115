// Package headless is what qmpdash's commands without a full-screen view
// (exec, events, shell, jobs, migration, qom) share in front of the user:
// replies printed as escaped JSON or HMP text, the live views' tables, QOM
// trees, the stderr report of protocol problems, and the exit statuses
// that their requests end with. It imports no tview (the dashboard's
// gauges are handed in).
package headless
