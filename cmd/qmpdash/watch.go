package main

import (
	"context"
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"

	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/watch"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

func newWatchCommand(file *configFile) *cobra.Command {
	var (
		conn     = connFlags{config: file}
		interval string
		changes  bool
		output   string
	)
	cmd := &cobra.Command{
		Use:   "watch [flags] [ADDR] COMMAND [key=value...]",
		Short: "Run a read-only command again and again, printing each reply",
		Long: `Like watch(1): send a read-only command (query-*, qom-get, hmp info ...)
every interval and print each reply under a header line with the time, the
command and how many refreshes changed something. With --changes, print the
first reply and then only what changed, path by path (jq-like paths: + added,
- removed, ~ changed). With -o json, one JSON object per refresh and line.

  qmpdash watch /tmp/vm.sock query-status
  qmpdash watch -n 1 --changes /tmp/vm.sock query-block-jobs
  qmpdash watch -n 500ms -o json /tmp/vm.sock query-migrate

A command that may change the VM is refused. Requests are sent as qmpdash's
own (ids "auto:..."), one at a time; a slow monitor is asked less often.

Exit status: 0 when interrupted or when the reader of the output went
away, 1 when a request fails, 2 for a command that cannot be watched
(nothing sent), 3 on a connection error.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "text" && output != "json" {
				return &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("-o %q: want text or json", output)}
			}
			var addr []string
			if looksLikeAddress(args[0]) {
				addr, args = args[:1], args[1:]
			}
			spec, err := watch.Parse(strings.TrimSpace(interval + " " + strings.Join(args, " ")))
			if err != nil {
				return headless.UsageError(err)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			ctx = endOnBrokenPipe(ctx, cmd.OutOrStdout())
			report := headless.NewProblemReport(cmd.ErrOrStderr())
			defer report.Close()
			p, err := conn.sender(ctx, addr, report.Watch(qmp.Options{}), 0)
			if err != nil {
				return err
			}
			defer p.Client.Close()
			if _, err := p.Check(spec.Line, spec.Text); err != nil {
				return headless.UsageError(err)
			}
			printer := headless.WatchPrinter{Out: cmd.OutOrStdout(), Spec: spec, Changes: changes, JSON: output == "json"}
			return runWatch(ctx, p.Client, watch.New(spec, func() *send.Sender { return p }), &printer)
		},
	}
	conn.register(cmd.Flags())
	cmd.Flags().StringVarP(&interval, "interval", "n", "", "refresh every `INTERVAL` (2s, 500ms, or seconds; default 2s, at least 200ms)")
	cmd.Flags().BoolVar(&changes, "changes", false, "print only what changed since the previous reply")
	cmd.Flags().StringVarP(&output, "output", "o", "text", "`FORMAT` text, or json for one JSON object per line")
	cmd.Flags().SetInterspersed(false) // key=value words after COMMAND are not flags
	return cmd
}

// errRequestFailed carries a failed poll out of the watch's loop.
type errRequestFailed struct{ err error }

// Error is the failed request's error text.
func (e errRequestFailed) Error() string { return e.err.Error() }

// runWatch prints every refresh until ctx ends (0: interrupted, or the
// reader went away), a request fails or the output cannot be written.
func runWatch(ctx context.Context, c *qmp.Client, w *watch.Watch, printer *headless.WatchPrinter) error {
	err := w.Run(ctx, func(s watch.Snapshot) error {
		if s.Err != nil {
			return errRequestFailed{s.Err}
		}
		return printer.Print(s)
	})
	var failed errRequestFailed
	switch {
	case errors.As(err, &failed):
		return headless.RequestError(c, failed.err, errors.Is(failed.err, context.DeadlineExceeded))
	case errors.Is(err, context.Canceled), errors.Is(err, syscall.EPIPE):
		return nil
	}
	return fmt.Errorf("writing the output: %w", err)
}
