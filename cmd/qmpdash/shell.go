package main

import (
	"cmp"
	"context"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/shell"
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

func newShellCommand(file *configFile) *cobra.Command {
	f := shellFlags{conn: connFlags{config: file}}
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

// runShell opens vm's session log and runs the shell (views/shell) with
// the flags' options.
func runShell(cmd *cobra.Command, vm config.VM, f shellFlags) error {
	if f.noNegotiate {
		f.conn.qga = true
	}
	for _, w := range looseFiles(history.DefaultPath(), cmp.Or(f.log.path, vm.Log)) {
		fmt.Fprintln(cmd.ErrOrStderr(), "qmpdash: warning:", w)
	}
	log, err := f.log.open(vm)
	if err != nil {
		return err
	}
	var wire qmp.Options
	if log != nil {
		defer log.Close()
		log.OnError(func(err error) { fmt.Fprintln(cmd.ErrOrStderr(), "qmpdash: session log stopped:", err) })
		wire.Tap = log.Tap
		wire.OnState = log.OnState
	}
	settings := f.conn.config.settings()
	return shell.Run(cmd.Context(), shell.Options{
		Connect: func(ctx context.Context, opts qmp.Options) (*qmp.Client, error) {
			return f.conn.dial(ctx, vm, opts)
		},
		Wire:        wire,
		VMName:      vm.Name,
		Policy:      f.conn.policyFor(vm),
		Timeouts:    f.conn.timeoutsFor(vm, f.timeout),
		HMP:         f.hmp,
		ExitOnError: f.exitOnError,
		Pretty:      f.out.pretty,
		Verbose:     f.out.verbose,
		History:     func() (history.File, error) { return historyStore(settings) },
		Stdin:       cmd.InOrStdin(),
		Stdout:      cmd.OutOrStdout(),
		Stderr:      cmd.ErrOrStderr(),
	})
}
