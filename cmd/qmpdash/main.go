// Command qmpdash is a terminal dashboard and command-line client for the
// QEMU Monitor Protocol. This file only builds the command tree; each
// subcommand lives in its own file and the work happens in the packages.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/qmpdash/qmpdash/app/termtext"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes the command line and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	code, quiet := headless.ExitCode(err)
	if !quiet {
		fmt.Fprintln(stderr, "qmpdash:", termtext.EscapeText(err.Error()))
	}
	return code
}

func newRootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "qmpdash [ADDR | @name]... [-- QEMU-COMMAND...]",
		Short: "A terminal dashboard for the QEMU Monitor Protocol",
		Long: `qmpdash watches and drives QEMU monitors: QMP sockets of QEMU and
qemu-storage-daemon, and qemu-ga guest agents.

ADDR is a UNIX socket path (/run/vm.sock, unix:/run/vm.sock) or a TCP
address (host:port, tcp:host:port, [::1]:4444); @name is a VM named in
$XDG_CONFIG_HOME/qmpdash/config.toml. Several open side by side. Without
any: $QMP_SOCKET, else every configured VM.

After "--" comes a QEMU command line: qmpdash starts it with a private QMP
socket (no shell involved), attaches, shows its stderr, and stops it on
exit: qmpdash -- qemu-system-x86_64 -m 512 disk.img

Run "qmpdash demo" to try it on three throwaway VMs.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.ArbitraryArgs,
	}
	config := newConfigFile() // one for the whole run: it is parsed once
	dash := dashboardFlags{conn: connFlags{config: config}}
	dash.register(root)
	root.RunE = func(cmd *cobra.Command, args []string) error { return runDashboard(cmd, args, dash) }
	root.AddCommand(newVersionCommand(), newExecCommand(config), newShellCommand(config), newEventsCommand(config), newDocsCommand(config),
		newDemoCommand(config), newReplayCommand(config), newViewCommand(config),
		newJobsCommand(config), newMigrationCommand(config), newBlockCommand(config), newDevicesCommand(config),
		newWatchCommand(config), newQOMCommand(config))
	return root
}
