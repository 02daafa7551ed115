// Package wirelog writes and reads session logs: every wire message of a
// VM's monitor connections, one JSON record a line, with markers where a
// connection came or went (Log has the format). The dashboard, the shell
// and the other commands write them with Log as the qmp client's tap;
// Read gives them back, record by record, to the offline viewer
// (qmpdash view) and to replay, which tell qmpdash's own requests (their
// ids made by AutoID) from the user's with IsAutomatic.
//
// Its invariants:
//   - A log file is created 0600 and only appended to; it holds every
//     message as it crossed the wire, credentials included, which is why
//     it is private.
//   - Records are written in the order the tap sees them, which is wire
//     order; each is one write(2), so a killed process loses at most the
//     line it was writing, and Logs sharing a file never interleave lines.
//   - A log rotates (FILE.1 to FILE.3) before a record would take it past
//     its size limit, never in the middle of a record.
//   - The first write error stops the log; it never blocks or retries.
//   - Read skips a line that is not a record (torn by a crash, edited by
//     hand) and reports it as a *LineError; only an unreadable file fails.
//
// It imports qmp and nothing of app.
package wirelog
