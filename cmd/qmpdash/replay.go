package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/replay"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

// replayFlags are the options of `qmpdash replay`.
type replayFlags struct {
	conn    connFlags
	to, vm  string
	pace    string
	cont    bool
	dryRun  bool
	diff    bool
	timeout time.Duration
}

func newReplayCommand(file *configFile) *cobra.Command {
	f := replayFlags{conn: connFlags{config: file}}
	cmd := &cobra.Command{
		Use:   "replay [flags] FILE",
		Short: "Send again the commands of a session log or a script",
		Long: `Send the commands of FILE to a monitor, one at a time, printing each with its
result. FILE is a session log (written with --log) or a script.

From a session log only the commands the user sent are replayed: events,
replies, the handshake and qmpdash's own queries (ids "auto:...") are
skipped. A command that failed when recorded is expected to fail the same
way. --to defaults to the address the log recorded; --vm picks the VM of a
log that recorded several.

A script has one command line per line in the language of the dashboard and
the shell ('#' starts a comment), and directives:
  @wait EVENT [TIMEOUT]   wait for an event that came after the previous
                          command was sent (default timeout 30s)
  @sleep DURATION         pause, e.g. @sleep 500ms
  @expect-error CLASS     the next command must fail with this error class

Nothing asks for confirmation; --read-only still refuses commands that
change state. Exit status: 0 every step went as expected, 1 one did not
(the first stops the replay unless --continue-on-error), 2 a bad file or
flag, 3 a connection error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runReplay(cmd, args[0], f) },
	}
	f.conn.register(cmd.Flags())
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "send to `ADDR` or @name (default: the log's address, else $QMP_SOCKET)")
	fl.StringVar(&f.vm, "vm", "", "replay the commands of the VM `NAME` from a log of several")
	fl.StringVar(&f.pace, "pace", "none", "wait between commands: original (as recorded), none, or a `DURATION`")
	fl.BoolVar(&f.cont, "continue-on-error", false, "go on after an unexpected result (the exit status is still 1)")
	fl.BoolVar(&f.dryRun, "dry-run", false, "check every command against the server's schema and the policy; send none")
	fl.BoolVar(&f.diff, "diff", false, "compare each reply with the recorded one (session logs)")
	fl.DurationVar(&f.timeout, "timeout", 0, "give up waiting for a reply after `D` (default: the configuration's [timeouts], else 30s, longer for slow commands)")
	return cmd
}

func runReplay(cmd *cobra.Command, file string, f replayFlags) error {
	pace, err := parsePace(f.pace)
	if err != nil {
		return &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	rf, err := replay.LoadFile(file, f.vm)
	if err != nil {
		return &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	stdout, stderr := cmd.OutOrStdout(), cmd.ErrOrStderr()
	for _, skipped := range rf.Skipped {
		fmt.Fprintln(stderr, "qmpdash: skipped", termtext.EscapeText(skipped.Error()))
	}
	to := f.to
	if to == "" && rf.FromLog {
		to = rf.Addr
	}
	var args []string
	if to != "" {
		args = []string{to}
	}
	vm, err := f.conn.config.target(args)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	c, err := f.conn.dial(ctx, vm, qmp.Options{})
	if err != nil {
		return err
	}
	defer c.Close()
	t := replay.NewClientTarget(c, headless.Schema(ctx, c), f.conn.policyFor(vm), f.conn.timeoutsFor(vm, f.timeout))
	defer t.Close()
	opts := replay.Options{Pace: pace, ContinueOnError: f.cont, DryRun: f.dryRun, Diff: f.diff,
		Report: func(res replay.Result) { printReplayStep(stdout, res, f.dryRun) }}
	err = replay.Run(ctx, t, rf.Steps, opts)
	var rerr *replay.Error
	switch {
	case err == nil:
		return nil
	case errors.Is(err, send.ErrNotConnected):
		return &headless.ExitError{Code: headless.ExitConnection, Err: err}
	case errors.As(err, &rerr):
		return &headless.ExitError{Code: headless.ExitQMPError, Err: err}
	}
	return err
}

// parsePace reads --pace.
func parsePace(s string) (replay.Pace, error) {
	switch s {
	case "original":
		return replay.Pace{Original: true}, nil
	case "none", "":
		return replay.Pace{}, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return replay.Pace{}, fmt.Errorf("--pace: %q is not original, none or a duration like 500ms", s)
	}
	return replay.Pace{Every: d}, nil
}

// printReplayStep writes one step and its outcome, one Write per step,
// escaped: the step and the recorded replies come from a file.
//
//	line 3: stop
//	  ok {} (0.4 ms)
func printReplayStep(w io.Writer, res replay.Result, dryRun bool) {
	var b strings.Builder
	step := res.Step
	fmt.Fprintf(&b, "line %d: %s\n", step.Line, indentLines(stepText(step), "  "))
	switch {
	case res.Err != nil:
		fmt.Fprintf(&b, "  FAILED: %s\n", indentLines(res.Err.Error(), "    "))
	case step.Kind == replay.StepCommand && dryRun:
		b.WriteString("  checked, not sent\n")
	case step.Kind == replay.StepCommand:
		b.WriteString("  " + outcomeText(res.Entry) + "\n")
	case step.Kind == replay.StepWait && res.Event != nil:
		fmt.Fprintf(&b, "  %s\n", strings.TrimSpace(res.Event.Name+" "+termtext.Condense(res.Event.Data, 160)))
	case dryRun:
		b.WriteString("  skipped (dry run)\n")
	}
	for _, d := range res.Diff {
		b.WriteString("    diff " + d + "\n")
	}
	io.WriteString(w, termtext.EscapeText(b.String()))
}

// stepText is how a step was written.
func stepText(s replay.Step) string {
	switch s.Kind {
	case replay.StepWait:
		return fmt.Sprintf("@wait %s %v", s.Event, s.Timeout)
	case replay.StepSleep:
		return "@sleep " + s.Timeout.String()
	}
	if s.ExpectError != "" {
		return "(expecting " + s.ExpectError + ") " + s.Text
	}
	return s.Text
}

// outcomeText is a command's result on one line: the return value
// condensed, or the error, with the latency.
func outcomeText(e store.CommandEntry) string {
	latency := fmt.Sprintf(" (%.1f ms)", float64(e.Latency().Microseconds())/1000)
	if e.Status == store.Failed && e.ErrClass != "" {
		return "error " + e.ErrClass + ": " + termtext.EscapeControls(e.ErrDesc) + latency
	}
	if e.Status != store.OK {
		return e.Status.String() + latency
	}
	ret := qmpReturn(e.Reply)
	var text string
	if e.HMP && json.Unmarshal(ret, &text) == nil {
		return "ok " + strings.TrimRight(termtext.EscapeControls(text), "\n") + latency
	}
	if text = termtext.Condense(ret, 200); text == "" {
		text = string(ret) // {} or []
	}
	return "ok " + text + latency
}

// qmpReturn is a reply's "return" member.
func qmpReturn(reply []byte) []byte {
	m, err := qmp.DecodeMessage(reply, time.Time{})
	if err != nil {
		return nil
	}
	return m.Return
}

// indentLines indents every line after the first.
func indentLines(s, indent string) string {
	return strings.ReplaceAll(s, "\n", "\n"+indent)
}
