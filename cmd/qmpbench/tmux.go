package main

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
)

// tmuxServer is a private tmux server (tmux -L NAME, no configuration)
// that runs the real binary for a measurement.
type tmuxServer struct {
	name string
	// pid is the pane's process (qmpdash, which the pane's shell execs);
	// socket is the server's socket, removed on stop.
	pid    int
	socket string
}

// run runs a tmux command against the server.
func (t *tmuxServer) run(args ...string) ([]byte, error) {
	return exec.Command("tmux", append([]string{"-L", t.name, "-f", "/dev/null"}, args...)...).CombinedOutput()
}

// start runs line, a shell command, in a detached width×height session.
func (t *tmuxServer) start(width, height int, line string) error {
	if out, err := t.run("new-session", "-d", "-x", strconv.Itoa(width), "-y", strconv.Itoa(height), line); err != nil {
		return fmt.Errorf("tmux new-session: %v: %s", err, out)
	}
	if out, err := t.run("display-message", "-p", "#{pane_pid} #{socket_path}"); err == nil {
		p, path, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
		t.pid, _ = strconv.Atoi(p)
		t.socket = path
	}
	return nil
}

// stop kills the server and waits for the pane's process to end.
func (t *tmuxServer) stop() {
	t.run("kill-server")
	waitGone(t.pid) // a QEMU monitor takes one client at a time
	if t.socket != "" {
		os.Remove(t.socket) // a killed tmux server leaves it behind
	}
}

// envAssignments is the part of env a pane's command line sets itself
// (tmux gives the pane its server's environment): the XDG directories and
// TERM, as shell words.
func envAssignments(env []string) string {
	var line strings.Builder
	for _, kv := range env {
		if strings.HasPrefix(kv, "XDG_") || strings.HasPrefix(kv, "TERM=") {
			k, v, _ := strings.Cut(kv, "=")
			fmt.Fprintf(&line, "%s=%s ", k, quote(v))
		}
	}
	return line.String()
}
