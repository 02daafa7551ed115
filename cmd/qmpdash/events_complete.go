package main

import (
	"context"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

// completionTimeout bounds how long shell completion waits for a monitor
// before it falls back to the installed documentation: a monitor that has
// a client already (the dashboard, say) sends no greeting.
const completionTimeout = 2 * time.Second

// completeEventNames is the shell completion of a flag whose value is an
// event-name glob: the event names of the monitor the command would
// connect to (ADDR, $QMP_SOCKET or the only configured VM) when it answers
// within completionTimeout, else those of the installed QEMU reference
// manual, else none — never an error. Names are matched by prefix without
// regard to case, and offered in lower case when that is how the word is
// typed (filters ignore case).
func completeEventNames(conn *connFlags) cobra.CompletionFunc {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		names := liveEventNames(cmd.Context(), conn, args)
		if names == nil {
			names = documentedEventNames()
		}
		prefix := strings.ToUpper(toComplete)
		lower := prefix != toComplete && strings.ToLower(toComplete) == toComplete
		var out []cobra.Completion
		for _, n := range names {
			if !strings.HasPrefix(strings.ToUpper(n), prefix) {
				continue
			}
			if lower {
				n = strings.ToLower(n)
			}
			out = append(out, termtext.EscapeControls(n)) // server text: inert on the terminal
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// liveEventNames returns the events of the monitor the command would
// connect to, or nil when it cannot be reached quickly or has no schema.
func liveEventNames(ctx context.Context, conn *connFlags, args []string) []string {
	vm, err := conn.config.target(args)
	if err != nil {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, cancel := context.WithTimeout(ctx, completionTimeout)
	defer cancel()
	c, err := conn.dial(ctx, vm, qmp.Options{})
	if err != nil {
		return nil
	}
	defer c.Close()
	s := headless.Schema(ctx, c)
	if s == nil || !s.Introspected() {
		return nil
	}
	var names []string
	for _, ev := range s.Events() {
		names = append(names, ev.Name)
	}
	return names
}

// documentedEventNames returns the events the installed QEMU reference
// manual documents, or nil when none is installed.
func documentedEventNames() []string {
	ix, err := session.LoadDocs(session.DocSources{Kind: "qmp"})
	if err != nil {
		return nil
	}
	var names []string
	for _, n := range ix.Names() {
		if ix.Lookup(n).Kind == docs.RefEvent {
			names = append(names, n)
		}
	}
	return names
}
