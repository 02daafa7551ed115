package headless

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/jsondiff"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/app/watch"
)

// WatchPrinter writes the refreshes of a watch, as "qmpdash watch" shows
// them: like watch(1), a header line (the time, the command, the number of
// refreshes that changed something) and the reply; with Changes only what
// changed (the first reply whole, as the base); with JSON one object per
// line instead. Everything the server sent is escaped.
type WatchPrinter struct {
	Out  io.Writer
	Spec watch.Spec
	// Changes prints only what changed; JSON prints JSON lines.
	Changes, JSON bool
}

// Print writes one refresh in a single Write. A refresh with no change
// prints nothing in Changes mode, except the first.
func (p *WatchPrinter) Print(s watch.Snapshot) error {
	first := s.Refreshes == 1
	if p.Changes && !first && s.ChangedPaths == 0 {
		return nil
	}
	var b []byte
	if p.JSON {
		b = p.jsonLine(s, first)
	} else {
		b = p.text(s, first)
	}
	_, err := p.Out.Write(b)
	return err
}

// text is the header line and the reply or the changes.
func (p *WatchPrinter) text(s watch.Snapshot, first bool) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  every %v: %s  · %d changed\n", s.Refreshed.Local().Format(time.TimeOnly),
		p.Spec.Interval, termtext.EscapeText(p.Spec.Text), s.Count)
	if !p.Changes || first {
		PrintReturn(&b, s.Reply, p.Spec.HMP, true)
		if !p.Changes {
			b.WriteByte('\n')
		}
		return []byte(b.String())
	}
	for _, c := range s.Changes {
		switch c.Kind {
		case jsondiff.Added:
			fmt.Fprintf(&b, "+ %s: %s\n", termtext.EscapeText(c.Path), termtext.EscapeJSON([]byte(c.New)))
		case jsondiff.Removed:
			fmt.Fprintf(&b, "- %s: %s\n", termtext.EscapeText(c.Path), termtext.EscapeJSON([]byte(c.Old)))
		default:
			fmt.Fprintf(&b, "~ %s: %s → %s\n", termtext.EscapeText(c.Path), termtext.EscapeJSON([]byte(c.Old)), termtext.EscapeJSON([]byte(c.New)))
		}
	}
	if more := s.ChangedPaths - len(s.Changes); more > 0 {
		fmt.Fprintf(&b, "… and %d more\n", more)
	}
	return []byte(b.String())
}

// watchRecord is a refresh as a JSON line.
type watchRecord struct {
	Time    time.Time       `json:"time"`
	Command string          `json:"command"`
	Refresh uint64          `json:"refresh"`
	Count   uint64          `json:"changed"`
	Return  json.RawMessage `json:"return,omitempty"`
	Changes []changeRecord  `json:"changes,omitempty"`
}

// changeRecord is one change in a JSON line; op is "add", "remove" or
// "change".
type changeRecord struct {
	Op   string          `json:"op"`
	Path string          `json:"path"`
	Old  json.RawMessage `json:"old,omitempty"`
	New  json.RawMessage `json:"new,omitempty"`
}

var changeOps = map[jsondiff.ChangeKind]string{jsondiff.Added: "add", jsondiff.Removed: "remove", jsondiff.Changed: "change"}

// jsonLine is one refresh as a JSON object on its own line: the reply,
// or with Changes the changes (the reply on the first).
func (p *WatchPrinter) jsonLine(s watch.Snapshot, first bool) []byte {
	r := watchRecord{Time: s.Refreshed, Command: p.Spec.Text, Refresh: s.Refreshes, Count: s.Count}
	if !p.Changes || first {
		r.Return = s.Reply
	} else {
		for _, c := range s.Changes {
			r.Changes = append(r.Changes, changeRecord{Op: changeOps[c.Kind], Path: c.Path, Old: rawOrNil(c.Old), New: rawOrNil(c.New)})
		}
	}
	b, err := json.Marshal(r)
	if err != nil { // the reply came from the client as valid JSON
		b, _ = json.Marshal(map[string]string{"error": err.Error()})
	}
	return append(termtext.EscapeJSON(b), '\n')
}

func rawOrNil(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}
