package main

import (
	"context"
	"fmt"
	"os/signal"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app/bell"
	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/spf13/cobra"
)

// liveFlags are the flags of the live view commands.
type liveFlags struct {
	follow   bool
	output   string
	interval time.Duration
}

func newJobsCommand(file *configFile) *cobra.Command {
	return newLiveCommand(file, live.JobsView, "jobs", "Print the VM's jobs: progress, rate, ETA",
		`Print the block and other background jobs of a VM as the dashboard's jobs view
shows them (query-jobs and query-block-jobs): type, id, status, progress,
rate, time left, speed and error.`)
}

func newMigrationCommand(file *configFile) *cobra.Command {
	return newLiveCommand(file, live.MigrationView, "migration", "Print the VM's migration: progress, throughput, downtime",
		`Print a VM's migration as the dashboard's migration view shows it
(query-migrate): status, progress of the RAM, throughput and its last
minute, what remains, the dirty-page rate, the expected downtime, the
passes, the setup and total time.`)
}

func newBlockCommand(file *configFile) *cobra.Command {
	return newLiveCommand(file, live.BlockView, "block", "Print the VM's block graph: nodes, sizes, bitmaps, I/O rates",
		`Print a VM's block graph as the dashboard's block view shows it: each
device, under it its root node and each node's protocol child and backing
image, then the nodes no device uses; with each node's driver, size,
read-only flag, dirty bitmaps and file, each device's throttle group, and
the read and write rates and error counts from query-blockstats. Rates are
told from two samples, so a single print takes one --interval.`)
}

// newDevicesCommand groups the device tables, one subcommand each.
func newDevicesCommand(file *configFile) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "devices",
		Short: "Print the VM's device tables: pci, cpus, chardev, memory, hotplug",
		Long: `Print one of a VM's device tables as the dashboard's device views show
them: the PCI bus tree (query-pci), the vCPUs with their host threads
(query-cpus-fast), the character devices (query-chardev), the memory
devices (query-memory-devices) or the hotpluggable CPU slots
(query-hotpluggable-cpus).`,
		Args: cobra.NoArgs,
	}
	for _, view := range live.DeviceViews() {
		v := view()
		cmd.AddCommand(newLiveCommand(file, view, v.Name, "Print the VM's "+v.Name+" table ("+v.Queries[0].Command+")",
			"Print the VM's "+v.Name+" table as the dashboard's "+v.Name+" view shows it ("+v.Queries[0].Command+")."))
	}
	return cmd
}

// newLiveCommand is a command printing a live view of one VM.
func newLiveCommand(file *configFile, view func() *live.View, name, short, long string) *cobra.Command {
	var (
		conn  = connFlags{config: file}
		flags liveFlags
	)
	cmd := &cobra.Command{
		Use:   name + " [flags] [ADDR]",
		Short: short,
		Long: long + `

With --follow the table is printed again on every refresh (every
--interval, the rates computed between refreshes) until interrupted or the
reader of the output goes away. -o json prints one JSON document a refresh,
one a line.

Exit status: 0 when done, 1 when the query failed, 3 on a connection error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if flags.output != "table" && flags.output != "json" {
				return &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("-o %q: want table or json", flags.output)}
			}
			vm, err := conn.config.target(args)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			ctx = endOnBrokenPipe(ctx, cmd.OutOrStdout())
			report := headless.NewProblemReport(cmd.ErrOrStderr())
			defer report.Close()
			c, err := conn.dial(ctx, vm, report.Watch(qmp.Options{}))
			if err != nil {
				return err
			}
			defer c.Close()
			v := view()
			if flags.interval > 0 {
				v.Interval = flags.interval
			}
			p := live.NewPoller(ctx, v)
			target := live.ClientTarget{VM: vm.Name, C: c}
			p.Add(target)
			defer p.Show()()
			return printLive(ctx, cmd, p.Table, target, c, flags)
		},
	}
	conn.register(cmd.Flags())
	cmd.Flags().BoolVarP(&flags.follow, "follow", "f", false, "print again on every refresh until interrupted")
	cmd.Flags().StringVarP(&flags.output, "output", "o", "table", "`FORMAT`: table or json")
	cmd.Flags().DurationVarP(&flags.interval, "interval", "n", 0, "refresh every `D` with --follow (default 1s)")
	return cmd
}

// printLive prints the table after each refresh: once, or until the end
// with --follow.
func printLive(ctx context.Context, cmd *cobra.Command, t *live.Table, target live.ClientTarget, c *qmp.Client, flags liveFlags) error {
	gauges := headless.Gauges{Bar: widget.ProgressBar, Spark: widget.Sparkline}
	vms := []string{target.Name()}
	// A one-shot print of a view with rates waits for the second refresh,
	// the first to tell them.
	skip := !flags.follow && t.View().Sampled
	printed := t.Version()
	for {
		rung := bell.Rung() // before the look: no later change is missed
		if t.Version() == printed {
			select {
			case <-rung:
				continue
			case <-c.Done():
				return headless.ConnectionLost(c.Err())
			case <-ctx.Done():
				return nil
			}
		}
		printed = t.Version()
		if skip && t.Err(target.Name()) == "" {
			skip = false
			continue
		}
		var err error
		if flags.output == "json" {
			err = headless.PrintLiveJSON(cmd.OutOrStdout(), t, vms)
		} else {
			err = headless.PrintLive(cmd.OutOrStdout(), t, vms, gauges)
		}
		if err != nil {
			return outputFailed(err)
		}
		if !flags.follow {
			if msg := t.Err(target.Name()); msg != "" {
				return &headless.ExitError{Code: 1, Err: fmt.Errorf("%s", msg), Quiet: true}
			}
			return nil
		}
		if flags.output == "table" {
			fmt.Fprintln(cmd.OutOrStdout())
		}
	}
}
