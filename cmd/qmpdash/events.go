package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/spf13/cobra"
)

func newEventsCommand() *cobra.Command {
	var (
		conn     connFlags
		include  []string
		exclude  []string
		count    int
		duration time.Duration
	)
	cmd := &cobra.Command{
		Use:   "events [flags] [ADDR]",
		Short: "Print events as JSON lines as they arrive",
		Long: `Print each event the monitor sends as one JSON line as received (only
characters that could steer a terminal are rewritten as JSON escapes),
flushed as it arrives. Filters are event-name globs (*, ?, [...]), case-insensitive.

Exit status: 0 when done (interrupted, --count reached, or --timeout without
--count), 1 when --timeout ends before --count events, 3 on a connection error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var filter app.EventFilter
			for _, g := range include {
				if err := filter.AddInclude(g); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			}
			for _, g := range exclude {
				if err := filter.AddExclude(g); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			}
			vm, err := target(args)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			if duration > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, duration)
				defer cancel()
			}
			c, err := conn.dial(ctx, vm, qmp.Options{})
			if err != nil {
				return err
			}
			defer c.Close()
			sub := c.Subscribe(qmp.SubscribeOptions{Queue: 65536, Match: filter.Match})
			return printEvents(ctx, cmd, sub, count, duration)
		},
	}
	conn.register(cmd.Flags())
	cmd.Flags().StringArrayVarP(&include, "filter", "f", nil, "only events matching `GLOB` (repeatable)")
	cmd.Flags().StringArrayVarP(&exclude, "exclude", "x", nil, "drop events matching `GLOB` (repeatable)")
	cmd.Flags().IntVarP(&count, "count", "n", 0, "exit after `N` events")
	cmd.Flags().DurationVarP(&duration, "timeout", "t", 0, "exit after `D` (e.g. 30s)")
	return cmd
}

func printEvents(ctx context.Context, cmd *cobra.Command, sub *qmp.Subscription, count int, duration time.Duration) error {
	out := bufio.NewWriter(cmd.OutOrStdout())
	seen := 0
	for count == 0 || seen < count {
		ev, err := sub.Next(ctx)
		switch {
		case err == nil:
		case count > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded):
			return &exitError{code: 1, err: fmt.Errorf("timeout: %d of %d events after %v", seen, count, duration)}
		case ctx.Err() != nil:
			return nil
		default:
			return connectionLost(err)
		}
		if ev.IsGap() {
			fmt.Fprintf(cmd.ErrOrStderr(), "qmpdash: %d events dropped: output is slower than the monitor\n", ev.Dropped)
			continue
		}
		out.Write(app.EscapeJSON(ev.Raw))
		out.WriteByte('\n')
		if err := out.Flush(); err != nil {
			return err
		}
		seen++
	}
	return nil
}
