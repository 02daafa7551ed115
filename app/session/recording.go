package session

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// RecordingOptions configure LoadRecording.
type RecordingOptions struct {
	// EventLimits and CommandLimits bound the histories (zero fields:
	// defaults).
	EventLimits, CommandLimits store.Limits
	// Cache, if set, is searched for the schema when the log has a
	// query-commands reply but no query-qmp-schema reply (the live session
	// found it in the cache then).
	Cache *docs.Cache
	// Docs and NoDocs say where documentation comes from, as for a live
	// session.
	Docs   DocSources
	NoDocs bool
}

// maxProblemNotices bounds the notices about unreadable lines.
const maxProblemNotices = 20

// LoadRecording reads session logs, in the order given (FILE.2, FILE.1,
// FILE for rotated logs), into offline sessions: one per VM named in them,
// in order of first appearance. Each has its events, its commands paired
// with their replies (latency and outcome included), its greeting, run
// state and schema (from a recorded query-qmp-schema reply, else the cache
// or the recorded command list), and documentation read in the background.
// Sending is refused with ErrRecorded; Run must not be called. Unreadable
// lines are skipped and listed in every session's notices as file:line.
func LoadRecording(opts RecordingOptions, paths ...string) ([]*Session, error) {
	var problems []string
	vms := map[string]*recordedVM{}
	var order []*recordedVM
	for _, path := range paths {
		recs, err := wirelog.Read(path, func(err error) { problems = append(problems, err.Error()) })
		if err != nil {
			return nil, err
		}
		for i := range recs {
			rec := &recs[i]
			vm := vms[rec.Name()]
			if vm == nil {
				vm = newRecordedVM(opts, rec.Name(), path)
				vms[rec.Name()] = vm
				order = append(order, vm)
			}
			if p := vm.add(rec); p != "" {
				problems = append(problems, fmt.Sprintf("%s:%d: %s", path, rec.Line, p))
			}
		}
	}
	if len(order) == 0 {
		return nil, fmt.Errorf("%s: no session log records", strings.Join(paths, ", "))
	}
	sessions := make([]*Session, len(order))
	for i, vm := range order {
		sessions[i] = vm.finish(opts, problems)
	}
	return sessions, nil
}

// recordedVM rebuilds one VM's session from its records.
type recordedVM struct {
	s    *Session
	file string

	greeting qmp.Greeting
	mode     qmp.Mode
	runState string
	// runStates follows runState through the events.
	runStates runStateTracker
	// pending maps request ids (qmp.IDKey; "" for id-less) to the command
	// log entries awaiting their reply; auto maps the automatic requests'
	// ids to their command names.
	pending map[string]uint64
	auto    map[string]string
	// replies keeps the automatic queries' return values by command.
	replies map[string][]byte
	batch   []qmp.Event
}

func newRecordedVM(opts RecordingOptions, name, file string) *recordedVM {
	s := New(Config{Name: name, EventLimits: opts.EventLimits, CommandLimits: opts.CommandLimits})
	s.recorded = true
	return &recordedVM{s: s, file: file, pending: map[string]uint64{}, auto: map[string]string{}, replies: map[string][]byte{}}
}

// add applies one record and returns a problem to report, if any.
func (vm *recordedVM) add(rec *wirelog.Record) string {
	if rec.Addr != "" {
		vm.s.state.Addr = rec.Addr
	}
	switch rec.Dir {
	case "out":
		vm.request(rec)
	case "in":
		m, err := qmp.DecodeMessage(rec.Msg, rec.Time)
		if err != nil {
			return err.Error()
		}
		vm.message(rec, m)
	default:
		vm.marker(rec)
	}
	return ""
}

// request records a command: the user's in the command log, qmpdash's own
// only to read their replies.
func (vm *recordedVM) request(rec *wirelog.Record) {
	r := gjson.GetManyBytes(rec.Msg, "execute", "exec-oob")
	name := r[0].String() + r[1].String()
	key := rec.RequestKey()
	if name == "guest-sync-delimited" {
		vm.mode = qmp.ModeGuestAgent
	}
	if wirelog.IsAutomatic(rec.Msg) {
		vm.auto[key] = name
		return
	}
	args := []byte(gjson.GetBytes(rec.Msg, "arguments").Raw)
	seq := vm.s.Commands.Start(store.CommandEntry{Text: replay.CommandText(name, args, rec.Msg), Name: name,
		Request: rec.Msg, Sent: rec.Time, VM: vm.s.cfg.Name, HMP: name == "human-monitor-command"})
	vm.pending[key] = seq
}

// message applies a server message: greeting, event or reply.
func (vm *recordedVM) message(rec *wirelog.Record, m qmp.Message) {
	switch m.Kind {
	case qmp.GreetingMessage:
		vm.greeting, vm.mode = m.Greeting, qmp.ModeQMP
		return
	case qmp.EventMessage:
		vm.batch = append(vm.batch, m.Event)
		if len(vm.batch) >= 1024 {
			vm.flushEvents()
		}
		return
	}
	key := rec.RequestKey()
	if name, ok := vm.auto[key]; ok {
		delete(vm.auto, key)
		vm.autoReply(name, m)
		return
	}
	seq, ok := vm.pending[key]
	if !ok {
		return
	}
	delete(vm.pending, key)
	var err error
	if m.Error != nil {
		err = m.Error
	}
	e, _ := vm.s.Commands.Get(seq)
	vm.s.Commands.Finish(seq, &qmp.Response{ID: m.ID, Return: m.Return, Raw: rec.Msg, Request: e.Request,
		Sent: e.Sent, Received: rec.Time}, err)
}

// autoReply keeps what qmpdash's own queries found out.
func (vm *recordedVM) autoReply(name string, m qmp.Message) {
	if m.Kind != qmp.ReturnMessage {
		return
	}
	if name == "query-status" {
		vm.flushEvents() // the events before it are older than its answer
		vm.runState = gjson.GetBytes(m.Return, "status").String()
		return
	}
	vm.replies[name] = m.Return
}

// marker applies a connection marker: a disconnect interrupts the
// commands still waiting for their reply.
func (vm *recordedVM) marker(rec *wirelog.Record) {
	if rec.Mark != "disconnected" {
		return
	}
	vm.interruptPending("connection lost: " + rec.Detail)
	vm.s.Notices.Add(store.Warning, fmt.Sprintf("%s disconnected: %s", rec.Time.Format(wirelog.TimeLayout), rec.Detail))
}

func (vm *recordedVM) interruptPending(why string) {
	for key, seq := range vm.pending {
		vm.s.Commands.Finish(seq, nil, fmt.Errorf("%s: %w", why, qmp.ErrInterrupted))
		delete(vm.pending, key)
	}
	clear(vm.auto)
}

func (vm *recordedVM) flushEvents() {
	if len(vm.batch) == 0 {
		return
	}
	vm.s.Events.Append(vm.batch...)
	vm.trackRunState()
	vm.batch = nil
}

// trackRunState follows the run state through the batch's events.
func (vm *recordedVM) trackRunState() {
	vm.runState = vm.runStates.apply(vm.runState, vm.batch)
}

// finish completes the session once every record is in.
func (vm *recordedVM) finish(opts RecordingOptions, problems []string) *Session {
	vm.flushEvents()
	vm.interruptPending("no reply in the log")
	s := vm.s
	schema, src := vm.schema(opts.Cache)
	s.schema = schema
	s.state.Conn, s.state.ConnErr = qmp.StateClosed, ErrRecorded
	s.state.Greeting, s.state.Mode, s.state.RunState, s.state.SchemaSource = vm.greeting, vm.mode, vm.runState, src
	s.Notices.Add(store.Info, fmt.Sprintf("recorded log %s: read-only; %d events, %d commands", vm.file, s.Events.Len(), s.Commands.Len()))
	for i, p := range problems {
		if i == maxProblemNotices {
			s.Notices.Add(store.Warning, fmt.Sprintf("%d more unreadable lines", len(problems)-i))
			break
		}
		s.Notices.Add(store.Warning, "skipped "+p)
	}
	s.cfg.Docs, s.cfg.NoDocs = opts.Docs, opts.NoDocs
	go s.loadDocs(vm.mode, schema)
	return s
}

// schema is what the recorded replies tell of the server's schema: the
// introspection if recorded, else the cached one the live session used,
// else the command list; for the guest agent, guest-info.
func (vm *recordedVM) schema(cache *docs.Cache) (*docs.Schema, SchemaSource) {
	if ret := vm.replies["query-qmp-schema"]; ret != nil {
		if s, err := docs.ParseSchema(ret); err == nil {
			return s, SchemaFromIntrospection
		}
	}
	if ret := vm.replies["guest-info"]; ret != nil {
		if s, err := docs.SchemaFromGuestInfo(ret); err == nil {
			return s, SchemaFromGuestInfo
		}
	}
	commands := vm.replies["query-commands"]
	if commands == nil {
		return nil, ""
	}
	if cache != nil {
		if ret, ok := cache.Load(schemaCacheKey(vm.greeting, commands)); ok {
			if s, err := docs.ParseSchema(ret); err == nil {
				return s, SchemaFromCache
			}
		}
	}
	if s, err := docs.SchemaFromCommandList(commands); err == nil {
		return s, SchemaFromCommandList
	}
	return nil, ""
}
