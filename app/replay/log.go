package replay

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/tidwall/gjson"
)

// fromLog takes the commands the user sent to vm from a session log,
// with their recorded replies: events, replies and qmpdash's own requests
// (the handshake and the start-up queries, see wirelog.IsAutomatic) are
// skipped.
func fromLog(path, vm string) (*File, error) {
	rf := &File{FromLog: true}
	recs, err := wirelog.Read(path, func(err error) { rf.Skipped = append(rf.Skipped, err) })
	if err != nil {
		return nil, err
	}
	if rf.VM, err = pickVM(path, recs, vm); err != nil {
		return nil, err
	}
	pending := map[string]int{} // request id key → step index
	var last *wirelog.Record
	for i := range recs {
		rec := &recs[i]
		if rec.Name() != rf.VM {
			continue
		}
		rf.Addr = rec.Addr
		switch {
		case rec.Mark != "":
			clear(pending) // a new connection: old ids mean nothing
		case rec.Dir == "out" && !wirelog.IsAutomatic(rec.Msg):
			step, err := logStep(path, rec)
			if err != nil {
				rf.Skipped = append(rf.Skipped, err)
				continue
			}
			if last != nil {
				step.Gap = rec.Time.Sub(last.Time)
			}
			last = rec
			pending[rec.RequestKey()] = len(rf.Steps)
			rf.Steps = append(rf.Steps, step)
		case rec.Dir == "in":
			key := rec.RequestKey()
			if j, ok := pending[key]; ok && isReply(rec.Msg) {
				delete(pending, key)
				rf.Steps[j].Recorded = rec.Msg
				rf.Steps[j].ExpectError = gjson.GetBytes(rec.Msg, "error.class").String()
			}
		}
	}
	return rf, nil
}

// ErrSeveralVMs is why a log recording several VMs needs one named.
var ErrSeveralVMs = errors.New("several VMs in one log")

// pickVM chooses which VM of a log to replay: the one asked for, or the
// only one there is.
func pickVM(path string, recs []wirelog.Record, vm string) (string, error) {
	seen := map[string]bool{}
	for i := range recs {
		seen[recs[i].Name()] = true
	}
	if vm != "" {
		if !seen[vm] {
			return "", fmt.Errorf("%s has no records of VM %q", path, vm)
		}
		return vm, nil
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	switch len(names) {
	case 0:
		return "", fmt.Errorf("%s: no session log records", path)
	case 1:
		return names[0], nil
	}
	return "", fmt.Errorf("%s records several VMs (%s): choose one: %w", path, strings.Join(names, ", "), ErrSeveralVMs)
}

// logStep rebuilds a recorded request as a command step.
func logStep(path string, rec *wirelog.Record) (Step, error) {
	r := gjson.GetManyBytes(rec.Msg, "execute", "exec-oob", "arguments")
	name := r[0].String() + r[1].String()
	if name == "" {
		return Step{}, &wirelog.LineError{File: path, Line: rec.Line, Err: errors.New(`recorded request names no command ("execute" or "exec-oob")`)}
	}
	text := CommandText(name, []byte(r[2].Raw), rec.Msg)
	line, err := cmdline.Parse(text)
	if err != nil {
		return Step{}, &wirelog.LineError{File: path, Line: rec.Line, Err: fmt.Errorf("recorded request: %w", err)}
	}
	return Step{Kind: StepCommand, Line: rec.Line, Text: text, Cmd: line}, nil
}

// isReply reports whether a message is a reply (not a greeting or event).
func isReply(msg []byte) bool {
	r := gjson.GetManyBytes(msg, "return", "error")
	return r[0].Exists() || r[1].Exists()
}
