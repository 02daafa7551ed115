package main

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

// outputFlags control how replies are printed.
type outputFlags struct {
	pretty  bool
	verbose bool
}

func (f *outputFlags) register(cmd *cobra.Command) {
	cmd.Flags().BoolVarP(&f.pretty, "pretty", "p", false, "indent JSON output and sort its keys")
	cmd.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "echo each request's JSON to stderr before sending it")
}

func newExecCommand(file *configFile) *cobra.Command {
	var (
		conn    = connFlags{config: file}
		out     outputFlags
		timeout time.Duration
	)
	cmd := &cobra.Command{
		Use:   "exec [flags] [ADDR] COMMAND [key=value...]",
		Short: "Run one command and print its result",
		Long: `Run one command line in qmp-shell syntax and print the "return" value as JSON
(an HMP command's text as text). The line is checked against the server's
schema first; a leading '!' skips that check.

  qmpdash exec /tmp/vm.sock query-status
  qmpdash exec /tmp/vm.sock block_resize device=virtio0 size=1073741824
  qmpdash exec /tmp/vm.sock 'hmp info block'
  QMP_SOCKET=/tmp/vm.sock qmpdash exec query-status

Without ADDR (the first word is ADDR when it starts with '@' or holds '/',
':' or '.'), $QMP_SOCKET is the address, else the only VM configured.

Messages that break the protocol and late replies are counted on stderr.

Exit status: 0 success, 1 QMP error (class and description on stderr),
2 syntax or validation error (nothing sent), 3 connection error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var addr []string
			if looksLikeAddress(args[0]) {
				addr, args = args[:1], args[1:]
			}
			text := strings.Join(args, " ")
			line, err := cmdline.Parse(text)
			if err != nil {
				return headless.UsageError(err)
			}
			if line.Kind == cmdline.Empty {
				return &headless.ExitError{Code: headless.ExitUsage, Err: errors.New("no command given")}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			report := headless.NewProblemReport(cmd.ErrOrStderr())
			defer report.Close()
			p, err := conn.sender(ctx, addr, report.Watch(qmp.Options{}), timeout)
			if err != nil {
				return err
			}
			defer p.Client.Close()
			checked, err := p.Check(line, text)
			if err != nil {
				return headless.UsageError(err)
			}
			return runChecked(ctx, cmd, p, checked, out)
		},
	}
	conn.register(cmd.Flags())
	out.register(cmd)
	cmd.Flags().DurationVar(&timeout, "timeout", 0, "give up waiting for the reply after `D` (default: the configuration's [timeouts], else 30s, longer for slow commands)")
	cmd.Flags().SetInterspersed(false) // key=value words after COMMAND are not flags
	return cmd
}

// runChecked sends one checked request and prints its outcome.
func runChecked(ctx context.Context, cmd *cobra.Command, p *send.Sender, checked *send.Outgoing, out outputFlags) error {
	for _, w := range checked.Prepared.Warnings {
		fmt.Fprintln(cmd.ErrOrStderr(), "qmpdash: warning:", termtext.EscapeText(w.String()))
	}
	resp, err := headless.Send(ctx, p, checked)
	if out.verbose && resp != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "-> %s\n", termtext.EscapeJSON(resp.Request))
	}
	if err != nil {
		return headless.RequestError(p.Client, err, errors.Is(err, context.DeadlineExceeded))
	}
	headless.PrintReturn(cmd.OutOrStdout(), resp.Return, checked.Prepared.HMP, out.pretty)
	return nil
}
