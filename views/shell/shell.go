// Package shell is qmpdash's line-oriented QMP shell (`qmpdash shell`, a
// qmp-shell replacement): it reads command lines in qmp-shell syntax from a
// person at a terminal (a line editor with completion, history and
// confirmation prompts) or from a pipe, sends each and prints its result,
// with the events printed in the order they came over the wire. It imports
// no tview.
package shell

import (
	"context"
	"fmt"
	"io"
	"os/signal"
	"sync"
	"syscall"

	"github.com/chzyer/readline"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
)

// Options are what a shell runs with.
type Options struct {
	// Connect dials the monitor with opts: Wire with the hooks of the
	// shell's problem report added. Its error is returned as it is.
	Connect func(ctx context.Context, opts qmp.Options) (*qmp.Client, error)
	// Wire is the base of the connection's options (a session log's taps).
	Wire qmp.Options
	// VMName names the VM in confirmation prompts.
	VMName string
	// Policy is what may be sent, and what asks for confirmation first.
	Policy send.Policy
	// Timeouts are how long each command waits for its reply; commands
	// they give no deadline wait for as long as it takes.
	Timeouts send.Timeouts
	// HMP reads HMP (human monitor) command lines instead of QMP ones.
	HMP bool
	// ExitOnError stops at the first line that fails.
	ExitOnError bool
	// Pretty indents JSON output and sorts its keys.
	Pretty bool
	// Verbose echoes each request's JSON to Stderr before its reply.
	Verbose bool
	// History opens the input history; it is called only when the shell
	// is interactive, and an error turns history off with a message.
	History func() (history.File, error)
	// Stdin, Stdout and Stderr are the shell's streams; it is interactive
	// when Stdin and Stdout are terminals.
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// Run connects and runs command lines until the input ends, a SIGTERM or
// the end of ctx, and returns nil or an error whose exit status
// headless.ExitCode tells: piped input that had a failing line ends with
// a quiet headless.ExitQMPError, a lost connection with
// headless.ExitConnection, ExitOnError with the status of the first
// failure (quiet, as it was printed); Connect's errors are returned as
// they are.
func Run(ctx context.Context, o Options) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGTERM)
	defer stop()
	report := headless.NewProblemReport(o.Stderr)
	defer report.Close()
	c, err := o.Connect(ctx, report.Watch(o.Wire))
	if err != nil {
		return err
	}
	defer c.Close()
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 65536})
	schema := headless.Schema(ctx, c)
	var autoComplete readline.AutoCompleter
	if schema != nil && !o.HMP {
		autoComplete = completer{complete.New(schema, nil)}
	}
	in, err := newLineSource(o, autoComplete)
	if err != nil {
		return err
	}
	defer in.Close()
	timeouts := o.Timeouts
	timeouts.Unbounded = true
	sender := &send.Sender{Client: c, Schema: schema, Policy: o.Policy, Timeouts: timeouts}
	sh := &shell{opts: o, client: c, sender: sender, sub: sub,
		parser: cmdline.Parser{HMPMode: o.HMP}, stdout: in.Stdout(), stderr: in.Stderr()}
	report.SetOutput(problemOutput{sh})
	if in.Interactive() {
		sh.banner()
	}
	go sh.printEvents(ctx)
	return sh.loop(ctx, in)
}

// shell runs command lines against one client and prints their results
// and the events in arrival order.
type shell struct {
	opts   Options
	client *qmp.Client
	sender *send.Sender
	sub    *qmp.Subscription
	parser cmdline.Parser
	stdout io.Writer
	stderr io.Writer

	mu     sync.Mutex // serialises output
	events []qmp.Event
	// busy is set while a request is in flight: events are then held in
	// events until its reply is printed, since the reader may have queued
	// ones that came after the reply before this shell sees the reply.
	busy bool
}

// problemOutput is the problem report's stderr: its lines, written from
// the connection's goroutines, take turns with the shell's own output.
type problemOutput struct{ sh *shell }

func (o problemOutput) Write(p []byte) (int, error) {
	o.sh.mu.Lock()
	defer o.sh.mu.Unlock()
	return o.sh.stderr.Write(p)
}

func (sh *shell) banner() {
	g := sh.client.Greeting()
	what := "the QEMU guest agent"
	if sh.client.Mode() == qmp.ModeQMP {
		what = fmt.Sprintf("QEMU %s %s", g.Version, g.Package)
	}
	fmt.Fprintf(sh.stdout, "Connected to %s at %s. Tab completes; Ctrl-D quits.\n", termtext.EscapeControls(what), termtext.EscapeControls(sh.client.Addr()))
}
