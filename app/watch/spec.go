package watch

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/tidwall/gjson"
)

const (
	// DefaultInterval is how often a watch refreshes when no interval is
	// given.
	DefaultInterval = 2 * time.Second
	// MinInterval is the shortest interval a watch takes: faster polling
	// would load the monitor more than any screen can show.
	MinInterval = 200 * time.Millisecond
)

// Spec is a parsed watch: the command line and how often to send it.
type Spec struct {
	// Interval is the time between refreshes.
	Interval time.Duration
	// Text is the command line as typed, without the interval.
	Text string
	// Line is Text parsed.
	Line *cmdline.Line
	// HMP says Line is an HMP command line, whose reply is text.
	HMP bool
}

// ErrNotReadOnly is wrapped by the error for a command that may change
// the VM: such a command is never watched.
var ErrNotReadOnly = errors.New("only read-only commands can be watched")

// Parse reads "[INTERVAL] COMMAND [args]": INTERVAL is a Go duration
// ("2s", "500ms") or a number of seconds ("1", "0.5"), DefaultInterval if
// left out, and at least MinInterval. The command is a qmp-shell line (or
// "hmp info ..."); raw JSON, transactions and anything the read-only
// policy (send.Policy) would refuse are refused with an error that says
// why (ErrNotReadOnly for the last).
func Parse(text string) (Spec, error) {
	text = strings.TrimSpace(text)
	spec := Spec{Interval: DefaultInterval, Text: text}
	first, rest, _ := strings.Cut(text, " ")
	if d, ok, err := parseInterval(first); err != nil {
		return Spec{}, err
	} else if ok {
		spec.Interval, spec.Text = d, strings.TrimSpace(rest)
	}
	line, err := cmdline.Parse(spec.Text)
	if err != nil {
		return Spec{}, err
	}
	switch line.Kind {
	case cmdline.Empty:
		return Spec{}, errors.New("no command to watch: [INTERVAL] COMMAND [args]")
	case cmdline.RawJSON:
		return Spec{}, errors.New("a watch takes a command line (query-status), not raw JSON")
	}
	name, args := line.Request()
	if err := Refuse(name, args); err != nil {
		return Spec{}, err
	}
	spec.Line, spec.HMP = line, line.Kind == cmdline.HMP
	return spec, nil
}

// Refuse says why a command may not be watched, or nil: it is refused
// exactly when the read-only policy refuses it.
func Refuse(name string, args []byte) error {
	if err := (send.Policy{ReadOnly: true}).Allows(name, args); err != nil {
		label := name
		if name == "human-monitor-command" {
			label = "hmp " + strings.TrimSpace(gjson.GetBytes(args, "command-line").String())
		}
		return fmt.Errorf("%w: %q may change the VM (watch query-*, qom-get, hmp info and the like)", ErrNotReadOnly, label)
	}
	return nil
}

// parseInterval reads word as an interval; ok is false when it is no
// number at all (it is then the command).
func parseInterval(word string) (d time.Duration, ok bool, err error) {
	if word == "" || (word[0] < '0' || word[0] > '9') && word[0] != '.' {
		return 0, false, nil
	}
	if secs, perr := strconv.ParseFloat(word, 64); perr == nil {
		d = time.Duration(secs * float64(time.Second))
	} else if d, err = time.ParseDuration(word); err != nil {
		return 0, false, fmt.Errorf("interval %q: want a duration such as 2s or 500ms, or seconds", word)
	}
	if d < MinInterval {
		return 0, false, fmt.Errorf("interval %v is below the minimum of %v", d, MinInterval)
	}
	return d, true, nil
}
