package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/qmpdash/qmpdash/app/qom"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

func newQOMCommand(file *configFile) *cobra.Command {
	var (
		conn   = connFlags{config: file}
		depth  int
		output string
	)
	cmd := &cobra.Command{
		Use:   "qom [flags] [ADDR] [PATH]",
		Short: "Print a part of the QOM tree with property types and values",
		Long: `Print the QOM composition tree under PATH (default /) down to --depth
levels: each object's properties with their types (child<...> objects,
link<...> links, plain types) and the values of the properties, read with
qom-get one at a time. Only what is printed is fetched.

  qmpdash qom /tmp/vm.sock /machine/peripheral --depth 2
  qmpdash qom /tmp/vm.sock /machine -o json

Without ADDR (a lone word is PATH when it starts with '/' and names no
file), $QMP_SOCKET is the address, else the only VM configured. A closed pipe (| head) ends the command normally.

Exit status: 0 success, 1 when PATH cannot be listed, 2 usage error,
3 connection error.`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if output != "table" && output != "json" {
				return &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("-o %q: want table or json", output)}
			}
			if depth < 1 {
				return &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("--depth %d: want 1 or more", depth)}
			}
			addr, path := qomArgs(args)
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			ctx = endOnBrokenPipe(ctx, cmd.OutOrStdout())
			report := headless.NewProblemReport(cmd.ErrOrStderr())
			defer report.Close()
			vm, err := conn.config.target(addr)
			if err != nil {
				return err
			}
			c, err := conn.dial(ctx, vm, report.Watch(qmp.Options{}))
			if err != nil {
				return err
			}
			defer c.Close()
			m := qom.New(session.ClientPoller{Client: c}, qom.Limits{}, nil)
			if err := loadQOMPath(ctx, m, path, depth); err != nil {
				if errors.Is(context.Cause(ctx), errReaderGone) {
					return nil
				}
				return headless.RequestError(c, err, errors.Is(err, context.DeadlineExceeded))
			}
			rows := m.Subtree(path, depth)
			if output == "json" {
				return outputFailed(headless.PrintQOMJSON(cmd.OutOrStdout(), rows))
			}
			return outputFailed(headless.PrintQOM(cmd.OutOrStdout(), rows, m.Refused()))
		},
	}
	conn.register(cmd.Flags())
	cmd.Flags().IntVarP(&depth, "depth", "d", 1, "print `N` levels of objects under PATH")
	cmd.Flags().StringVarP(&output, "output", "o", "table", "`FORMAT`: table or json")
	return cmd
}

// qomArgs splits the words into ADDR (none, or the first of two, or the
// only one unless it is a QOM path: a word starting with '/' that names
// no file) and PATH (default "/").
func qomArgs(args []string) (addr []string, path string) {
	switch len(args) {
	case 2:
		return args[:1], args[1]
	case 1:
		if _, err := os.Stat(args[0]); err != nil && strings.HasPrefix(args[0], "/") {
			return nil, args[0]
		}
		return args, "/"
	}
	return nil, "/"
}

// loadQOMPath loads the objects on the way to path, then path down to
// depth levels with its values.
func loadQOMPath(ctx context.Context, m *qom.Model, path string, depth int) error {
	at := "/"
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		if seg == "" {
			break
		}
		if err := m.Load(ctx, at); err != nil {
			return err
		}
		at = strings.TrimSuffix(at, "/") + "/" + seg
	}
	return m.LoadDepth(ctx, at, depth)
}
