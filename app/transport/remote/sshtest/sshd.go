//go:build linux

// Package sshtest starts a real OpenSSH sshd for tests, on 127.0.0.1 with
// a throwaway host key and user key in a temp dir, and an in-process SSH
// agent. Nothing of the user's own SSH set-up is read or changed.
package sshtest

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// Binary is the program Start runs, from Debian's openssh-server.
const Binary = "sshd"

// Server is a running sshd that lets the current user in with UserKey.
// It is stopped when the test ends.
type Server struct {
	// Addr is 127.0.0.1:port.
	Addr string
	// Dir holds the keys, the config and the logs.
	Dir string
	// User is the login name the user key is authorised for.
	User string
	// HostKey is the server's public host key.
	HostKey ssh.PublicKey
	// UserKey is the authorised key; UserKeyFile holds it unencrypted in
	// OpenSSH format.
	UserKey     ed25519.PrivateKey
	UserKeyFile string

	bin  string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start runs sshd on a free port. It skips the test when sshd is not
// installed, or fails it in CI (see qmptest.RequireFrom).
func Start(t testing.TB) *Server {
	t.Helper()
	bin := qmptest.RequireFrom(t, Binary, "openssh-server")
	me, err := user.Current()
	if err != nil {
		t.Fatalf("sshtest: %v", err)
	}
	s := &Server{Dir: t.TempDir(), User: me.Username, bin: bin,
		Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(qmptest.FreeTCPPort(t)))}
	refuseLockedAccount(t, me.Username)
	s.writeKeys(t)
	s.writeConfig(t)
	ensurePrivsepDir(t)
	s.start(t)
	t.Cleanup(func() {
		s.Stop(t)
		if t.Failed() {
			if log, err := os.ReadFile(filepath.Join(s.Dir, "sshd.log")); err == nil {
				t.Logf("sshtest: sshd log:\n%s", log)
			}
		}
	})
	return s
}

// KnownHostsLine is the known_hosts line that vouches for the server.
func (s *Server) KnownHostsLine() string {
	return knownhosts.Line([]string{knownhosts.Normalize(s.Addr)}, s.HostKey)
}

// Port returns the server's TCP port.
func (s *Server) Port() string {
	_, port, _ := net.SplitHostPort(s.Addr)
	return port
}

// Stop kills sshd and every connection it serves, as a crash or a reboot
// would, and waits until they are gone.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	if s.cmd == nil {
		return
	}
	// Each connection's sshd is a child of the listener in a session of
	// its own, so killing the process group would miss it.
	for _, pid := range descendants(s.cmd.Process.Pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	_ = s.cmd.Process.Kill()
	select {
	case <-s.done:
	case <-time.After(qmptest.StartTimeout):
		t.Errorf("sshtest: sshd (pid %d) not reaped after SIGKILL", s.cmd.Process.Pid)
	}
	s.cmd = nil
}

// Restart stops sshd and starts it again on the same port with the same
// keys.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.Stop(t)
	s.start(t)
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	log, err := os.OpenFile(filepath.Join(s.Dir, "sshd.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatalf("sshtest: %v", err)
	}
	defer log.Close()
	cmd := exec.Command(s.bin, "-D", "-e", "-f", filepath.Join(s.Dir, "sshd_config"))
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("sshtest: start %s: %v", s.bin, err)
	}
	s.cmd, s.done = cmd, make(chan struct{})
	go func(done chan struct{}) {
		_ = cmd.Wait()
		close(done)
	}(s.done)
	s.waitListening(t)
}

// waitListening polls until sshd accepts connections.
func (s *Server) waitListening(t testing.TB) {
	t.Helper()
	deadline := time.Now().Add(qmptest.StartTimeout)
	for {
		conn, err := net.DialTimeout("tcp", s.Addr, time.Second)
		if err == nil {
			conn.Close()
			return
		}
		select {
		case <-s.done:
			log, _ := os.ReadFile(filepath.Join(s.Dir, "sshd.log"))
			t.Fatalf("sshtest: sshd exited at start:\n%s", log)
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("sshtest: sshd not listening on %s after %v: %v", s.Addr, qmptest.StartTimeout, err)
		}
	}
}

// writeKeys makes the host key and the user key, and authorises the latter.
func (s *Server) writeKeys(t testing.TB) {
	t.Helper()
	hostPub, hostPriv := newKey(t)
	writePrivateKey(t, filepath.Join(s.Dir, "host_ed25519"), hostPriv)
	var err error
	if s.HostKey, err = ssh.NewPublicKey(hostPub); err != nil {
		t.Fatalf("sshtest: %v", err)
	}
	userPub, userPriv := newKey(t)
	s.UserKey, s.UserKeyFile = userPriv, filepath.Join(s.Dir, "id_ed25519")
	writePrivateKey(t, s.UserKeyFile, userPriv)
	authorized, err := ssh.NewPublicKey(userPub)
	if err != nil {
		t.Fatalf("sshtest: %v", err)
	}
	writeFile(t, filepath.Join(s.Dir, "authorized_keys"), string(ssh.MarshalAuthorizedKey(authorized)))
}

// writeConfig writes an sshd_config that reads nothing outside Dir, allows
// only the user key, and offers stream-local forwarding and SFTP.
func (s *Server) writeConfig(t testing.TB) {
	t.Helper()
	lines := []string{
		"ListenAddress " + s.Addr,
		"HostKey " + filepath.Join(s.Dir, "host_ed25519"),
		"AuthorizedKeysFile " + filepath.Join(s.Dir, "authorized_keys"),
		"PidFile " + filepath.Join(s.Dir, "sshd.pid"),
		"StrictModes no",
		"UsePAM no",
		"PasswordAuthentication no",
		"KbdInteractiveAuthentication no",
		"PubkeyAuthentication yes",
		"PermitRootLogin prohibit-password",
		"AllowStreamLocalForwarding yes",
		"Subsystem sftp internal-sftp",
		"LogLevel VERBOSE",
	}
	writeFile(t, filepath.Join(s.Dir, "sshd_config"), strings.Join(lines, "\n")+"\n")
}

// ensurePrivsepDir creates sshd's privilege separation dir, which a
// freshly installed openssh-server that never ran as a service lacks.
func ensurePrivsepDir(t testing.TB) {
	t.Helper()
	const dir = "/run/sshd"
	if _, err := os.Stat(dir); err == nil {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("sshtest: sshd needs %s: %v", dir, err)
	}
}

// refuseLockedAccount fails early, and says why, when sshd would refuse
// the user: without PAM, sshd turns away accounts whose password field in
// /etc/shadow starts with '!', even for key logins. Only root can read the
// file; others are not checked.
func refuseLockedAccount(t testing.TB, name string) {
	t.Helper()
	shadow, err := os.ReadFile("/etc/shadow")
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(shadow), "\n") {
		f := strings.SplitN(line, ":", 3)
		if len(f) == 3 && f[0] == name && strings.HasPrefix(f[1], "!") {
			t.Fatalf("sshtest: the account %s is locked ('!' in /etc/shadow), so sshd refuses it; "+
				"unlock it for key logins with: usermod -p '*' %s", name, name)
		}
	}
}

func newKey(t testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatalf("sshtest: %v", err)
	}
	return pub, priv
}

func writePrivateKey(t testing.TB, path string, key ed25519.PrivateKey) {
	t.Helper()
	block, err := ssh.MarshalPrivateKey(key, "qmpdash test key")
	if err != nil {
		t.Fatalf("sshtest: %v", err)
	}
	writeFile(t, path, string(pem.EncodeToMemory(block)))
}

func writeFile(t testing.TB, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatalf("sshtest: %v", err)
	}
}

// descendants lists the processes below pid, children first, from /proc.
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// The fields after the command name, which is in parentheses and
		// may hold spaces: state, then the parent's pid.
		rest := string(stat[strings.LastIndexByte(string(stat), ')')+1:])
		f := strings.Fields(rest)
		if len(f) > 1 {
			if ppid, err := strconv.Atoi(f[1]); err == nil {
				children[ppid] = append(children[ppid], p)
			}
		}
	}
	var out []int
	var walk func(int)
	walk = func(p int) {
		for _, c := range children[p] {
			walk(c)
			out = append(out, c)
		}
	}
	walk(pid)
	return out
}
