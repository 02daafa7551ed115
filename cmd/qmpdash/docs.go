package main

import (
	"errors"
	"fmt"
	"os/signal"
	"strings"
	"syscall"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

func newDocsCommand(file *configFile) *cobra.Command {
	var (
		conn  = connFlags{config: file}
		src   session.DocSources
		width int
	)
	cmd := &cobra.Command{
		Use:   "docs [flags] [ADDR] NAME",
		Short: "Print the documentation of a command or event",
		Long: `Print a command's or event's documentation from the QEMU documentation
installed on this machine (the qemu-qmp-ref(7) man page, or --man / --qapi-dir).
With ADDR, the connected server's schema supplies the exact arguments and
types, and the matching manual (QEMU, guest agent, storage daemon) is used.`,
		Args: cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[len(args)-1]
			var schema *docs.Schema
			if src.Kind == "" {
				src.Kind = "qmp"
			}
			if conn.qga {
				src.Kind = "qga"
			}
			if len(args) == 2 {
				ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
				defer stop()
				_, c, s, err := conn.connectWithSchema(ctx, args[:1], qmp.Options{})
				if err != nil {
					return err
				}
				defer c.Close()
				schema = s
				src.Kind = session.EndpointKind(c.Mode(), schema)
			}
			ix, err := session.LoadDocs(src)
			if err != nil {
				return &headless.ExitError{Code: headless.ExitUsage, Err: err}
			}
			d := ix.Describe(schema, name)
			if d == nil {
				return notDocumented(ix, schema, name)
			}
			if width <= 0 {
				width = terminalWidth(cmd)
			}
			fmt.Fprint(cmd.OutOrStdout(), termtext.EscapeText(d.Text(width)))
			return nil
		},
	}
	conn.register(cmd.Flags())
	registerDocSources(cmd.Flags(), &src)
	cmd.Flags().IntVarP(&width, "width", "w", 0, "wrap text at `N` columns (default: the terminal's width, else 80)")
	return cmd
}

// notDocumented explains a miss, suggesting close names.
func notDocumented(ix *docs.Index, s *docs.Schema, name string) error {
	msg := fmt.Sprintf("%q is neither a command nor an event", name)
	var near []string
	if s != nil {
		near = s.SuggestCommands(name, 3)
	}
	for _, h := range ix.Search(name) {
		if len(near) < 3 {
			near = append(near, h.Name)
		}
	}
	if len(near) > 0 {
		msg += " (did you mean " + strings.Join(near, ", ") + "?)"
	}
	if ix.Len() == 0 && s == nil {
		msg += "; " + docs.NoProseHint
	}
	return &headless.ExitError{Code: 1, Err: errors.New(msg)}
}

func terminalWidth(cmd *cobra.Command) int {
	if headless.IsTerminal(cmd.OutOrStdout()) {
		if w, _, err := term.GetSize(1); err == nil && w > 20 {
			return w
		}
	}
	return 80
}
