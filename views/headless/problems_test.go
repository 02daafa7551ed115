package headless

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
)

// A flood of problems prints its first at once and holds the rest for
// the next line; Close prints the totals the last line missed, with the
// latest problem escaped.
func TestProblemReportSumsUpAFlood(t *testing.T) {
	var out bytes.Buffer
	r := NewProblemReport(&out)
	opts := r.Watch(qmp.Options{})
	opts.OnProtocolError(errors.New("garbage"))
	for range 100 {
		opts.OnProtocolError(errors.New("more \x1b[31mgarbage"))
	}
	r.DroppedEvents(2)
	r.Close()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	first := "qmpdash: so far 1 message that broke the protocol skipped; latest: garbage"
	last := `qmpdash: so far 101 messages that broke the protocol skipped, 2 events dropped; latest: more \x1b[31mgarbage`
	if len(lines) < 2 || len(lines) > 3 || lines[0] != first || lines[len(lines)-1] != last {
		t.Errorf("report:\n%s\nwant first %q, last %q", out.String(), first, last)
	}
}
