package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/spf13/cobra"
	"github.com/tidwall/pretty"
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

func newExecCommand(config *configFile) *cobra.Command {
	var (
		conn    = connFlags{config: config}
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
				return usageError(err)
			}
			if line.Kind == cmdline.Empty {
				return &exitError{code: exitUsage, err: errors.New("no command given")}
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			report := newProblemReport(cmd.ErrOrStderr())
			defer report.Close()
			vm, c, schema, err := conn.connectWithSchema(ctx, addr, report.watch(qmp.Options{}))
			if err != nil {
				return err
			}
			defer c.Close()
			p := &app.Sender{Client: c, Schema: schema, Policy: conn.policyFor(vm), Timeouts: conn.timeoutsFor(vm, timeout)}
			checked, err := p.Check(line, text)
			if err != nil {
				return usageError(err)
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

// loadSchemaQuietly returns the server's schema, or nil (no validation)
// when it cannot be had: QEMU remains the judge then.
func loadSchemaQuietly(ctx context.Context, c *qmp.Client) *docs.Schema {
	cache := &docs.Cache{Dir: filepath.Join(app.CacheDir(), "schema")}
	s, _, err := app.LoadSchema(ctx, c, cache)
	if err != nil {
		return nil
	}
	return s
}

// runChecked sends one checked request and prints its outcome.
func runChecked(ctx context.Context, cmd *cobra.Command, p *app.Sender, checked *app.Outgoing, out outputFlags) error {
	for _, w := range checked.Prepared.Warnings {
		fmt.Fprintln(cmd.ErrOrStderr(), "qmpdash: warning:", termtext.EscapeText(w.String()))
	}
	resp, err := sendChecked(ctx, p, checked)
	if out.verbose && resp != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "-> %s\n", termtext.EscapeJSON(resp.Request))
	}
	if err != nil {
		return requestError(p.Client, err, errors.Is(err, context.DeadlineExceeded))
	}
	printReturn(cmd.OutOrStdout(), resp.Return, checked.Prepared.HMP, out.pretty)
	return nil
}

// sendChecked sends a checked line and waits for what the client returns.
func sendChecked(ctx context.Context, p *app.Sender, out *app.Outgoing) (*qmp.Response, error) {
	sent, err := p.Send(ctx, out)
	if err != nil {
		return nil, err
	}
	return sent.Response()
}

// requestError is the exit error of a request that failed. Only a lost
// connection is exitConnection: a reply too long or unreadable fails that
// one command (the qmp client fails only the request it belonged to, as
// the dashboard shows it), and so does the server's error reply or
// giving up on the reply (gaveUp). A request refused before it was sent
// (see notSent) is a usage error.
func requestError(c *qmp.Client, err error, gaveUp bool) error {
	var qerr *qmp.Error
	switch {
	case errors.As(err, &qerr):
		return &exitError{code: exitQMPError, err: qerr}
	case notSent(err):
		return &exitError{code: exitUsage, err: err}
	case gaveUp:
		return &exitError{code: exitQMPError, err: errors.New("no reply (timed out or interrupted); the command may still run")}
	case errors.Is(err, qmp.ErrInterrupted) || c.Err() != nil:
		return connectionLost(err)
	}
	return &exitError{code: exitQMPError, err: err}
}

// notSent reports whether a request failed before it was sent for a
// reason of its own: a file it passes could not be opened or cannot go
// over this connection. The connection is fine.
func notSent(err error) bool {
	return errors.Is(err, qmp.ErrFilesNeedLocalSocket) || errors.Is(err, app.ErrPassFile)
}

// printReturn writes a return value: HMP text as text, JSON compact or
// indented with sorted keys, both escaped (termtext.EscapeText, termtext.EscapeJSON)
// so nothing the server sent steers the terminal. It makes one Write of
// whole lines, which the interactive shell's writer needs to keep its
// prompt intact.
func printReturn(w io.Writer, ret []byte, hmp, indent bool) {
	var out []byte
	var text string
	switch {
	case hmp && json.Unmarshal(ret, &text) == nil:
		out = []byte(termtext.EscapeText(text))
	case indent:
		out = termtext.EscapeJSON(pretty.PrettyOptions(ret, &pretty.Options{Indent: "  ", SortKeys: true, Width: 80}))
	default:
		out = termtext.EscapeJSON(pretty.Ugly(ret))
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	w.Write(out)
}

// usageError renders a syntax or validation error with its caret.
func usageError(err error) error {
	var syn *cmdline.SyntaxError
	var val *app.ValidationError
	switch {
	case errors.As(err, &syn):
		return &exitError{code: exitUsage, err: fmt.Errorf("syntax error at %v\n%s", err, syn.Caret())}
	case errors.As(err, &val):
		return &exitError{code: exitUsage, err: fmt.Errorf("rejected before sending (prefix the command with '!' to send it anyway):\n%s", val.Caret())}
	}
	return &exitError{code: exitUsage, err: err}
}
