//go:build linux

package sshtest

import (
	"path/filepath"
	"testing"

	"github.com/qmpdash/qmpdash/app/transport/remote"
)

// Settings is an SSH set-up in a fresh temp dir that trusts the server's
// host key and offers the user key file, and nothing of the real user's
// ~/.ssh: no config, no agent.
func (s *Server) Settings(t testing.TB) remote.SSHSettings {
	t.Helper()
	known := filepath.Join(t.TempDir(), "known_hosts")
	writeFile(t, known, s.KnownHostsLine()+"\n")
	return remote.SSHSettings{KnownHosts: []string{known}, DefaultIdentities: []string{s.UserKeyFile}, LocalUser: s.User}
}

// URL is the ssh:// address of a socket path on the server.
func (s *Server) URL(path string) string {
	return "ssh://" + s.User + "@" + s.Addr + path
}
