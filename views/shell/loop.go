package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/headless"
)

// loop reads and runs lines until the input ends or, with ExitOnError,
// the first error. Piped input that had a failing line ends with exit
// status 1.
func (sh *shell) loop(ctx context.Context, in lineSource) error {
	failed := false
	for {
		prompt := "(QEMU) "
		if sh.parser.Pending() {
			prompt = "   ... "
		}
		text, err := in.ReadLine(prompt)
		switch {
		case errors.Is(err, errInterrupt):
			sh.parser.Reset()
			continue
		case errors.Is(err, io.EOF) && failed && !in.Interactive():
			return &headless.ExitError{Code: headless.ExitQMPError, Quiet: true, Err: errors.New("a command failed")}
		case errors.Is(err, io.EOF):
			return nil
		case err != nil:
			return err
		}
		if err := sh.run(ctx, in, text); err != nil {
			var exit *headless.ExitError
			if errors.As(err, &exit) && exit.Code == headless.ExitConnection {
				return err
			}
			failed = true
			if exit == nil || !exit.Quiet {
				sh.printError(err)
			}
			if sh.opts.ExitOnError {
				code, _ := headless.ExitCode(err)
				return &headless.ExitError{Code: code, Quiet: true, Err: err}
			}
		}
	}
}

// run handles one input line: parse, prepare, send, print.
func (sh *shell) run(ctx context.Context, in lineSource, text string) error {
	line, more, err := sh.parser.Feed(text)
	if err != nil {
		return headless.UsageError(err)
	}
	if more || line.Kind == cmdline.Empty {
		return nil
	}
	in.Remember(text)
	lineText := text
	if line.Kind == cmdline.Transaction && text != "" && !startsTransaction(text) {
		lineText = "" // multi-line: offsets refer to earlier lines
	}
	out, err := sh.sender.Check(line, lineText)
	if err != nil {
		return headless.UsageError(err)
	}
	// Only a person at a terminal is asked; scripts said what they meant.
	if in.Interactive() && sh.sender.NeedsConfirm(out) && !sh.confirm(in, out.Name) {
		fmt.Fprintln(sh.stderr, "not sent")
		return nil
	}
	// Ctrl-C abandons the request.
	rctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	for _, w := range out.Prepared.Warnings {
		fmt.Fprintln(sh.stderr, "warning:", termtext.EscapeText(w.String()))
	}
	sh.mu.Lock()
	sh.busy = true
	sh.mu.Unlock()
	resp, err := headless.Send(rctx, sh.sender, out)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.busy = false
	// Wire order: the events read before the reply print before it, the
	// ones read after it (already queued by now) after it.
	sh.events = sh.sub.Drain(sh.events)
	split := len(sh.events)
	if resp != nil {
		split = eventsBefore(sh.events, resp.Seq)
	}
	sh.printEventsLocked(sh.events[:split])
	defer func() {
		sh.printEventsLocked(sh.events[split:])
		sh.events = sh.events[:0]
	}()
	if sh.opts.Verbose && resp != nil {
		fmt.Fprintf(sh.stderr, "-> %s\n", termtext.EscapeJSON(resp.Request))
	}
	if err != nil {
		gaveUp := errors.Is(err, context.DeadlineExceeded) || rctx.Err() != nil && ctx.Err() == nil
		rerr := headless.RequestError(sh.client, err, gaveUp)
		if exit := rerr.(*headless.ExitError); exit.Code != headless.ExitConnection {
			// Printed here, in its place among the events.
			fmt.Fprintln(sh.stderr, "error:", termtext.EscapeText(exit.Err.Error()))
			exit.Quiet = true
		}
		return rerr
	}
	headless.PrintReturn(sh.stdout, resp.Return, out.Prepared.HMP, sh.opts.Pretty)
	return nil
}

func (sh *shell) printError(err error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	fmt.Fprintln(sh.stderr, "error:", termtext.EscapeText(err.Error()))
}

func startsTransaction(text string) bool {
	return strings.HasPrefix(strings.TrimSpace(text), "transaction(")
}

// confirm asks before a command that cannot be taken back.
func (sh *shell) confirm(in lineSource, name string) bool {
	answer, err := in.ReadLine(fmt.Sprintf("Send %s to %s? It cannot be undone. [y/N] ", termtext.EscapeControls(name), termtext.EscapeControls(sh.opts.VMName)))
	return err == nil && strings.EqualFold(strings.TrimSpace(answer), "y")
}
