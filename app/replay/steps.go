package replay

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/tidwall/gjson"
)

// StepKind says what a replay step does.
type StepKind int

// Kinds of replay steps.
const (
	// StepCommand sends a command line.
	StepCommand StepKind = iota
	// StepWait waits for an event (@wait EVENT [TIMEOUT]).
	StepWait
	// StepSleep pauses (@sleep DURATION).
	StepSleep
)

// Step is one thing a replay does.
type Step struct {
	Kind StepKind
	// Line is where the step is in its file, 1-based.
	Line int
	// Text is the command line as written (a script; a transaction may
	// span lines) or as rebuilt from the recorded request (a log); Cmd is
	// it parsed.
	Text string
	Cmd  *cmdline.Line
	// ExpectError is the error class the command must fail with; "" means
	// it must succeed. A log's command that failed when recorded is
	// expected to fail the same way.
	ExpectError string
	// Recorded is, for a log, the reply recorded for the command (nil if
	// none); Gap is the time since the previous command was sent.
	Recorded []byte
	Gap      time.Duration
	// Event and Timeout are a @wait's; for @sleep, Timeout is the pause.
	Event   string
	Timeout time.Duration
}

// File is what a replay reads: a session log or a script.
type File struct {
	Steps []Step
	// FromLog is set for a session log.
	FromLog bool
	// VM and Addr are, for a log, the VM replayed and its recorded address.
	VM, Addr string
	// Skipped lists a log's unreadable lines, as file:line: reason.
	Skipped []error
}

// DefaultWaitTimeout bounds a @wait that gives no timeout.
const DefaultWaitTimeout = 30 * time.Second

// CheckFile reports whether path (a leading ~/ is the home
// directory) names a file LoadFile could open, without reading it:
// a view refuses a mistyped name at once and loads in the background.
func CheckFile(path string) error {
	f, err := os.Open(paths.ExpandHome(path))
	if err != nil {
		return err
	}
	return f.Close()
}

// LoadFile reads a replay file (a leading ~/ is the home directory):
// a session log if its first record is one, else a script. From a log it takes vm's commands (vm may be ""
// when the log has one VM); a script ignores vm.
func LoadFile(path, vm string) (*File, error) {
	path = paths.ExpandHome(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if isSessionLog(data) {
		return fromLog(path, vm)
	}
	steps, err := ParseScript(path, string(data))
	if err != nil {
		return nil, err
	}
	return &File{Steps: steps}, nil
}

// isSessionLog reports whether the first line that is not blank or a
// comment is a log record: a JSON object with a "time" member.
func isSessionLog(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, wirelog.MaxLine)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return gjson.Valid(line) && gjson.Get(line, "time").Exists()
	}
	return false
}

// ParseScript reads a replay script: one command line per line in
// the command language (a transaction may span lines), '#' comments, and
// the directives @wait EVENT [TIMEOUT], @sleep DURATION and
// @expect-error CLASS (which applies to the next command). Errors are
// *wirelog.LineError naming name and the line.
func ParseScript(name, text string) ([]Step, error) {
	var (
		steps  []Step
		parser cmdline.Parser
		expect string
		start  int      // the line a multi-line command started on
		lines  []string // its lines so far
	)
	fail := func(n int, err error) error { return &wirelog.LineError{File: name, Line: n, Err: err} }
	for i, raw := range strings.Split(text, "\n") {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if trimmed := strings.TrimSpace(line); strings.HasPrefix(trimmed, "@") && !parser.Pending() {
			step, err := parseDirective(trimmed)
			if err != nil {
				return nil, fail(n, err)
			}
			if step.Kind == StepCommand { // @expect-error
				if expect != "" {
					return nil, fail(n, errors.New("two @expect-error in a row"))
				}
				expect = step.ExpectError
				continue
			}
			if expect != "" {
				return nil, fail(n, errors.New("@expect-error must come right before a command"))
			}
			step.Line = n
			steps = append(steps, step)
			continue
		}
		if !parser.Pending() {
			start, lines = n, nil
		}
		lines = append(lines, line)
		l, more, err := parser.Feed(line)
		if err != nil {
			var syn *cmdline.SyntaxError
			if errors.As(err, &syn) {
				err = fmt.Errorf("%v\n%s", err, syn.Caret())
			}
			return nil, fail(n, err)
		}
		if more || l.Kind == cmdline.Empty {
			continue
		}
		cmdText := strings.TrimSpace(strings.Join(lines, "\n"))
		steps = append(steps, Step{Kind: StepCommand, Line: start, Text: cmdText, Cmd: l, ExpectError: expect})
		expect = ""
	}
	if parser.Pending() {
		return nil, fail(start, errors.New("unterminated transaction: expected ')'"))
	}
	if expect != "" {
		return nil, fail(len(strings.Split(text, "\n")), errors.New("@expect-error at the end, with no command after it"))
	}
	return steps, nil
}

// parseDirective reads one @ line. @expect-error comes back as a
// StepCommand carrying only ExpectError.
func parseDirective(line string) (Step, error) {
	words := strings.Fields(line)
	switch words[0] {
	case "@wait":
		if len(words) < 2 || len(words) > 3 {
			return Step{}, errors.New("usage: @wait EVENT [TIMEOUT]")
		}
		step := Step{Kind: StepWait, Event: words[1], Timeout: DefaultWaitTimeout}
		if len(words) == 3 {
			d, err := time.ParseDuration(words[2])
			if err != nil || d <= 0 {
				return Step{}, fmt.Errorf("@wait: bad timeout %q (write it like 5s or 1m30s)", words[2])
			}
			step.Timeout = d
		}
		return step, nil
	case "@sleep":
		if len(words) != 2 {
			return Step{}, errors.New("usage: @sleep DURATION")
		}
		d, err := time.ParseDuration(words[1])
		if err != nil || d < 0 {
			return Step{}, fmt.Errorf("@sleep: bad duration %q (write it like 500ms or 2s)", words[1])
		}
		return Step{Kind: StepSleep, Timeout: d}, nil
	case "@expect-error":
		if len(words) != 2 {
			return Step{}, errors.New("usage: @expect-error CLASS (GenericError, CommandNotFound, ...)")
		}
		return Step{Kind: StepCommand, ExpectError: words[1]}, nil
	}
	return Step{}, fmt.Errorf("unknown directive %s: use @wait, @sleep or @expect-error", words[0])
}

// CommandText is a recorded request as a command line: the command
// language where it can say the same request, else the request as raw JSON
// without its id (the replaying client gives it a fresh one).
func CommandText(name string, args, request []byte) string {
	if text, ok := cmdline.FormatCommand(name, args); ok && gjson.GetBytes(request, "execute").Exists() {
		return text
	}
	if gjson.GetBytes(request, "exec-oob").Exists() {
		return string(request) // out-of-band commands need their id
	}
	msg := map[string]json.RawMessage{}
	msg["execute"], _ = json.Marshal(name)
	if len(args) > 0 {
		msg["arguments"] = args
	}
	b, _ := json.Marshal(msg)
	return string(b)
}
