package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/chzyer/readline"
	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/spf13/cobra"
)

// shellFlags are the options of `qmpdash shell`, named as qmp-shell's.
type shellFlags struct {
	conn        connFlags
	out         outputFlags
	hmp         bool
	noNegotiate bool
	log         logFlags
	exitOnError bool
	timeout     time.Duration
}

func newShellCommand(config *configFile) *cobra.Command {
	f := shellFlags{conn: connFlags{config: config}}
	cmd := &cobra.Command{
		Use:   "shell [flags] [ADDR]",
		Short: "An interactive or scripted QMP shell (qmp-shell replacement)",
		Long: `Read command lines in qmp-shell syntax from the terminal or from a pipe, send
each and print its result. Events are printed the moment they arrive. Lines
starting with '#' and blank lines are ignored.

  qmpdash shell /tmp/vm.sock
  printf 'query-status\nstop\n' | qmpdash shell /tmp/vm.sock

Piped input runs to its end whatever fails (--exit-on-error stops at the
first failure, with exec's exit status for it); the exit status is then 1
when any line failed (an error reply, a reply that could not be read, a line
rejected before sending), else 0; 3 when the connection is lost.

Interactive use has a prompt, Tab completion from the server's schema and a
history kept in the XDG state directory. Messages that break the protocol and
late replies are counted on stderr.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			vm, err := f.conn.config.target(args)
			if err != nil {
				return err
			}
			return runShell(cmd, vm, f)
		},
	}
	f.conn.register(cmd.Flags())
	f.out.register(cmd)
	fl := cmd.Flags()
	fl.BoolVarP(&f.hmp, "hmp", "H", false, "read HMP (human monitor) commands instead of QMP")
	fl.BoolVarP(&f.noNegotiate, "skip-negotiation", "N", false, "skip negotiation: the socket is a guest agent (same as --qga)")
	f.log.register(fl)
	fl.BoolVar(&f.exitOnError, "exit-on-error", false, "stop at the first error (for scripts)")
	fl.DurationVar(&f.timeout, "timeout", 0, "give up waiting for a reply after `D` (default: the configuration's [timeouts], else wait)")
	return cmd
}

// shell runs command lines against one client and prints their results
// and the events in arrival order.
type shell struct {
	flags  shellFlags
	client *qmp.Client
	sender *app.Sender
	sub    *qmp.Subscription
	parser cmdline.Parser
	stdout io.Writer
	stderr io.Writer

	vm app.VMConfig

	mu     sync.Mutex // serialises output
	events []qmp.Event
	// busy is set while a request is in flight: events are then held in
	// events until its reply is printed, since the reader may have queued
	// ones that came after the reply before this shell sees the reply.
	busy bool
}

func runShell(cmd *cobra.Command, vm app.VMConfig, f shellFlags) error {
	if f.noNegotiate {
		f.conn.qga = true
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGTERM)
	defer stop()
	opts := qmp.Options{}
	for _, w := range looseFiles(app.DefaultHistoryPath(), cmp.Or(f.log.path, vm.Log)) {
		fmt.Fprintln(cmd.ErrOrStderr(), "qmpdash: warning:", w)
	}
	log, err := f.log.open(vm)
	if err != nil {
		return err
	}
	if log != nil {
		defer log.Close()
		log.OnError(func(err error) { fmt.Fprintln(cmd.ErrOrStderr(), "qmpdash: session log stopped:", err) })
		opts.Tap = log.Tap
		opts.OnState = log.OnState
	}
	report := newProblemReport(cmd.ErrOrStderr())
	defer report.Close()
	c, err := f.conn.dial(ctx, vm, report.watch(opts))
	if err != nil {
		return err
	}
	defer c.Close()
	sub := c.Subscribe(qmp.SubscribeOptions{Queue: 65536})
	schema := loadSchemaQuietly(ctx, c)
	var completer readline.AutoCompleter
	if schema != nil && !f.hmp {
		completer = shellCompleter{complete.New(schema, nil)}
	}
	in, err := newLineSource(cmd, completer, f.hmp, f.conn.config.settings())
	if err != nil {
		return err
	}
	defer in.Close()
	timeouts := f.conn.timeoutsFor(vm, f.timeout)
	timeouts.Unbounded = true
	sender := &app.Sender{Client: c, Schema: schema, Policy: f.conn.policyFor(vm), Timeouts: timeouts}
	sh := &shell{flags: f, client: c, sender: sender, sub: sub, vm: vm,
		parser: cmdline.Parser{HMPMode: f.hmp}, stdout: in.Stdout(), stderr: in.Stderr()}
	report.setOutput(problemOutput{sh})
	if in.Interactive() {
		sh.banner()
	}
	go sh.printEvents(ctx)
	return sh.loop(ctx, in)
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

// loop reads and runs lines until the input ends or, with --exit-on-error,
// the first error. Piped input that had a failing line ends with exit
// status 1.
func (sh *shell) loop(ctx context.Context, in lineSource) error {
	failed := false
	for {
		prompt := "(QEMU) "
		if sh.parser.Pending() {
			prompt = "   ... "
		}
		text, err := in.ReadLine(prompt)
		switch {
		case errors.Is(err, errInterrupt):
			sh.parser.Reset()
			continue
		case errors.Is(err, io.EOF) && failed && !in.Interactive():
			return &exitError{code: exitQMPError, quiet: true, err: errors.New("a command failed")}
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if err := sh.run(ctx, in, text); err != nil {
			var exit *exitError
			if errors.As(err, &exit) && exit.code == exitConnection {
				return err
			}
			failed = true
			if exit == nil || !exit.quiet {
				sh.printError(err)
			}
			if sh.flags.exitOnError {
				return &exitError{code: exitCodeOf(err), quiet: true, err: err}
			}
		}
	}
}

// run handles one input line: parse, prepare, send, print.
func (sh *shell) run(ctx context.Context, in lineSource, text string) error {
	line, more, err := sh.parser.Feed(text)
	if err != nil {
		return usageError(err)
	}
	if more || line.Kind == cmdline.Empty {
		return nil
	}
	in.Remember(text)
	lineText := text
	if line.Kind == cmdline.Transaction && text != "" && !startsTransaction(text) {
		lineText = "" // multi-line: offsets refer to earlier lines
	}
	out, err := sh.sender.Check(line, lineText)
	if err != nil {
		return usageError(err)
	}
	// Only a person at a terminal is asked; scripts said what they meant.
	if in.Interactive() && sh.sender.NeedsConfirm(out) && !sh.confirm(in, out.Name) {
		fmt.Fprintln(sh.stderr, "not sent")
		return nil
	}
	// Ctrl-C abandons the request.
	rctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	for _, w := range out.Prepared.Warnings {
		fmt.Fprintln(sh.stderr, "warning:", termtext.EscapeText(w.String()))
	}
	sh.mu.Lock()
	sh.busy = true
	sh.mu.Unlock()
	resp, err := sendChecked(rctx, sh.sender, out)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.busy = false
	// Wire order: the events read before the reply print before it, the
	// ones read after it (already queued by now) after it.
	sh.events = sh.sub.Drain(sh.events)
	split := len(sh.events)
	if resp != nil {
		split = eventsBefore(sh.events, resp.Seq)
	}
	sh.printEventsLocked(sh.events[:split])
	defer func() {
		sh.printEventsLocked(sh.events[split:])
		sh.events = sh.events[:0]
	}()
	if sh.flags.out.verbose && resp != nil {
		fmt.Fprintf(sh.stderr, "-> %s\n", termtext.EscapeJSON(resp.Request))
	}
	if err != nil {
		gaveUp := errors.Is(err, context.DeadlineExceeded) || rctx.Err() != nil && ctx.Err() == nil
		rerr := requestError(sh.client, err, gaveUp)
		if exit := rerr.(*exitError); exit.code != exitConnection {
			// Printed here, in its place among the events.
			fmt.Fprintln(sh.stderr, "error:", termtext.EscapeText(exit.err.Error()))
			exit.quiet = true
		}
		return rerr
	}
	printReturn(sh.stdout, resp.Return, out.Prepared.HMP, sh.flags.out.pretty)
	return nil
}

// eventsBefore is how many of events, in arrival order, were read before
// the message numbered seq; gap markers stay with the event after them.
func eventsBefore(events []qmp.Event, seq uint64) int {
	for i, ev := range events {
		if !ev.IsGap() && ev.Seq > seq {
			for i > 0 && events[i-1].IsGap() {
				i--
			}
			return i
		}
	}
	return len(events)
}

// printEvents prints events as they arrive while the shell is idle.
func (sh *shell) printEvents(ctx context.Context) {
	for {
		select {
		case <-sh.sub.Ready():
			sh.mu.Lock()
			sh.flushEventsLocked()
			sh.mu.Unlock()
		case <-sh.client.Done():
			return
		case <-ctx.Done():
			return
		}
	}
}

func (sh *shell) flushEventsLocked() {
	sh.events = sh.sub.Drain(sh.events)
	if sh.busy {
		return
	}
	sh.printEventsLocked(sh.events)
	sh.events = sh.events[:0]
}

func (sh *shell) printEventsLocked(events []qmp.Event) {
	for _, ev := range events {
		if ev.IsGap() {
			fmt.Fprintf(sh.stderr, "(%d events dropped)\n", ev.Dropped)
			continue
		}
		printReturn(sh.stdout, ev.Raw, false, sh.flags.out.pretty)
	}
}

func (sh *shell) printError(err error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	fmt.Fprintln(sh.stderr, "error:", termtext.EscapeText(err.Error()))
}

func exitCodeOf(err error) int {
	code, _ := exitCode(err)
	return code
}

func startsTransaction(text string) bool {
	return strings.HasPrefix(strings.TrimSpace(text), "transaction(")
}

// confirm asks before a command that cannot be taken back.
func (sh *shell) confirm(in lineSource, name string) bool {
	answer, err := in.ReadLine(fmt.Sprintf("Send %s to %s? It cannot be undone. [y/N] ", termtext.EscapeControls(name), termtext.EscapeControls(sh.vm.Name)))
	return err == nil && strings.EqualFold(strings.TrimSpace(answer), "y")
}
