package shell

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/chzyer/readline"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/headless"
)

// errInterrupt is returned by ReadLine when the user pressed Ctrl-C.
var errInterrupt = errors.New("interrupted")

// lineSource is where the shell reads lines: a line editor on a terminal,
// plain lines from a pipe.
type lineSource interface {
	// ReadLine returns the next line without its end, io.EOF at the end.
	ReadLine(prompt string) (string, error)
	Interactive() bool
	// Stdout and Stderr are where output goes; on a terminal they keep
	// the prompt intact around text printed while the user types.
	Stdout() io.Writer
	Stderr() io.Writer
	// Remember records a line that was run, for history.
	Remember(line string)
	Close() error
}

// newLineSource picks the line editor when o's Stdin and Stdout are
// terminals.
func newLineSource(o Options, complete readline.AutoCompleter) (lineSource, error) {
	if headless.IsTerminal(o.Stdin) && headless.IsTerminal(o.Stdout) {
		return newEditor(complete, o.HMP, o.History)
	}
	return &pipeSource{r: bufio.NewReaderSize(o.Stdin, 64<<10), stdout: o.Stdout, stderr: o.Stderr}, nil
}

// pipeSource reads lines from a non-terminal: no prompt, no history.
type pipeSource struct {
	r              *bufio.Reader
	stdout, stderr io.Writer
}

func (p *pipeSource) ReadLine(string) (string, error) {
	line, err := p.r.ReadString('\n')
	if err == io.EOF && line != "" {
		err = nil // a last line without its newline still counts
	}
	return strings.TrimRight(line, "\r\n"), err
}

func (p *pipeSource) Interactive() bool { return false }
func (p *pipeSource) Stdout() io.Writer { return p.stdout }
func (p *pipeSource) Stderr() io.Writer { return p.stderr }
func (p *pipeSource) Remember(string)   {}
func (p *pipeSource) Close() error      { return nil }

// editor is the interactive line editor with persistent history.
type editor struct {
	rl      *readline.Instance
	history history.File
}

// newEditor starts the line editor with the history that openHistory
// gives; hmp says the lines are HMP command lines, for the history's
// secret filter.
func newEditor(complete readline.AutoCompleter, hmp bool, openHistory func() (history.File, error)) (*editor, error) {
	rl, err := readline.NewEx(&readline.Config{
		AutoComplete:           complete,
		DisableAutoSaveHistory: true, // history goes through history.File's secret filter
		HistorySearchFold:      true,
	})
	if err != nil {
		return nil, err
	}
	hist, err := openHistory()
	if err != nil { // no history is no reason not to start
		fmt.Fprintf(rl.Stderr(), "qmpdash: %s\n", termtext.EscapeControls(err.Error()))
	}
	hist.HMP = hmp
	e := &editor{rl: rl, history: hist}
	lines, _ := e.history.Load()
	for _, l := range lines {
		rl.SaveHistory(l)
	}
	return e, nil
}

func (e *editor) ReadLine(prompt string) (string, error) {
	e.rl.SetPrompt(prompt)
	line, err := e.rl.Readline()
	if errors.Is(err, readline.ErrInterrupt) {
		return "", errInterrupt
	}
	return line, err
}

func (e *editor) Interactive() bool { return true }
func (e *editor) Stdout() io.Writer { return e.rl.Stdout() }
func (e *editor) Stderr() io.Writer { return e.rl.Stderr() }
func (e *editor) Close() error      { return e.rl.Close() }

func (e *editor) Remember(line string) {
	if stored, _ := e.history.Add(line); stored {
		e.rl.SaveHistory(line)
	}
}
