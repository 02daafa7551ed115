// Package headless is what qmpdash's commands without a full-screen view
// (exec, events, shell, qom) share in front of the user: replies printed as
// escaped JSON or HMP text, QOM trees, the stderr report of protocol problems, and the
// exit statuses that their requests end with. It imports no tview.
package headless
