package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

func newEventsCommand(file *configFile) *cobra.Command {
	var (
		conn     = connFlags{config: file}
		include  []string
		exclude  []string
		count    int
		duration time.Duration
	)
	cmd := &cobra.Command{
		Use:   "events [flags] [ADDR]",
		Short: "Print events as JSON lines as they arrive",
		Long: `Print each event the monitor sends as one JSON line as received (only
characters that could steer a terminal are rewritten as JSON escapes).
Filters are event-name globs (*, ?, [...]), case-insensitive.

Nothing is dropped: when the output is slower than the monitor, qmpdash
stops reading and the monitor's buffers hold the rest. Lines are written in
batches, flushed whenever no event is waiting. A closed pipe (| head) ends
the command normally. Malformed messages are counted on stderr.

Exit status: 0 when done (interrupted, --count reached, --timeout without
--count, or the reader of the output went away), 1 when --timeout ends
before --count events, 3 on a connection error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var filter store.EventFilter
			for _, g := range include {
				if err := filter.AddInclude(g); err != nil {
					return &headless.ExitError{Code: headless.ExitUsage, Err: err}
				}
			}
			for _, g := range exclude {
				if err := filter.AddExclude(g); err != nil {
					return &headless.ExitError{Code: headless.ExitUsage, Err: err}
				}
			}
			vm, err := conn.config.target(args)
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
			ctx = endOnBrokenPipe(ctx, cmd.OutOrStdout())
			report := headless.NewProblemReport(cmd.ErrOrStderr())
			defer report.Close()
			c, err := conn.dial(ctx, vm, report.Watch(qmp.Options{Backpressure: true}))
			if err != nil {
				return err
			}
			defer c.Close()
			opts := qmp.SubscribeOptions{Queue: eventsQueue}
			if !filter.IsZero() {
				opts.Match = filter.Match
			}
			sub := c.Subscribe(opts)
			p := eventPrinter{c: c, sub: sub, out: bufio.NewWriterSize(cmd.OutOrStdout(), 64<<10), report: report}
			return p.run(ctx, count, duration)
		},
	}
	conn.register(cmd.Flags())
	cmd.Flags().StringArrayVarP(&include, "filter", "f", nil, "only events matching `GLOB` (repeatable)")
	cmd.Flags().StringArrayVarP(&exclude, "exclude", "x", nil, "drop events matching `GLOB` (repeatable)")
	cmd.Flags().IntVarP(&count, "count", "n", 0, "exit after `N` events")
	cmd.Flags().DurationVarP(&duration, "timeout", "t", 0, "exit after `D` (e.g. 30s)")
	for _, name := range []string{"filter", "exclude"} {
		cmd.RegisterFlagCompletionFunc(name, completeEventNames(&conn)) // fails only for a flag that does not exist
	}
	return cmd
}

// eventsQueue bounds the events waiting for output; with backpressure a
// few thousand keep both goroutines busy without holding much.
const eventsQueue = 8192

// eventPrinter writes a subscription's events to the output in batches.
type eventPrinter struct {
	c      *qmp.Client
	sub    *qmp.Subscription
	out    *bufio.Writer
	report *headless.ProblemReport
	batch  []qmp.Event
	seen   int
}

// run prints events until count (0: no limit), the context's end or the
// connection's, flushing whenever the queue is empty.
func (p *eventPrinter) run(ctx context.Context, count int, duration time.Duration) error {
	for count == 0 || p.seen < count {
		p.batch = p.sub.Drain(p.batch[:0])
		if len(p.batch) > 0 {
			if err := p.write(count); err != nil {
				return outputFailed(err)
			}
			continue
		}
		if err := p.out.Flush(); err != nil {
			return outputFailed(err)
		}
		select {
		case <-p.sub.Ready():
		case <-p.sub.Done():
			if p.batch = p.sub.Drain(p.batch[:0]); len(p.batch) > 0 {
				if err := p.write(count); err != nil {
					return outputFailed(err)
				}
				continue
			}
			return headless.ConnectionLost(p.c.Err())
		case <-ctx.Done():
			if count > 0 && errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return &headless.ExitError{Code: 1, Err: fmt.Errorf("timeout: %d of %d events after %v", p.seen, count, duration)}
			}
			return nil
		}
	}
	return outputFailed(p.out.Flush())
}

// write buffers the batch's events, up to count in all.
func (p *eventPrinter) write(count int) error {
	for _, ev := range p.batch {
		if ev.IsGap() {
			p.report.DroppedEvents(ev.Dropped)
			continue
		}
		p.out.Write(termtext.EscapeJSON(ev.Raw))
		if err := p.out.WriteByte('\n'); err != nil {
			return err
		}
		if p.seen++; p.seen == count {
			break
		}
	}
	return nil
}

// outputFailed ends the command on a write error; a reader that went away
// (EPIPE: the other end of | head closed) is the normal end.
func outputFailed(err error) error {
	if err == nil || errors.Is(err, syscall.EPIPE) {
		return nil
	}
	return fmt.Errorf("writing events: %w", err)
}
