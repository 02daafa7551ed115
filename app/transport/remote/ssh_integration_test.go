//go:build linux

package remote_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/app/transport/remote/sshtest"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// newPool is a pool with settings that is closed when the test ends.
func newPool(t *testing.T, settings remote.SSHSettings) *remote.Pool {
	p := &remote.Pool{Settings: settings}
	t.Cleanup(func() { p.Close() })
	return p
}

// dialQMP connects to a QMP monitor at an ssh:// address through pool.
func dialQMP(t *testing.T, pool *remote.Pool, addr string) (*qmp.Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := qmp.DialWith(ctx, addr, func(ctx context.Context) (net.Conn, error) { return pool.Dial(ctx, addr) }, qmp.Options{})
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

// queryStatus runs query-status and returns QEMU's run state.
func queryStatus(t *testing.T, c *qmp.Client) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ret, err := c.Execute(ctx, "query-status", nil)
	if err != nil {
		t.Fatalf("query-status: %v", err)
	}
	return gjson.GetBytes(ret, "status").String()
}

func TestSSHKeyFileReachesQEMU(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMU(t)
	pool := newPool(t, srv.Settings(t))
	c, err := dialQMP(t, pool, srv.URL(vm.Socket))
	if err != nil {
		t.Fatal(err)
	}
	if got := queryStatus(t, c); got != "prelaunch" {
		t.Fatalf("status = %q, want prelaunch (QEMU runs with -S)", got)
	}
	if c.Addr() != srv.URL(vm.Socket) {
		t.Errorf("Addr() = %q", c.Addr())
	}
}

func TestSSHHostKeyChecks(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMU(t)
	otherPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherKey, err := ssh.NewPublicKey(otherPub)
	if err != nil {
		t.Fatal(err)
	}
	ecdsaPriv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	otherTypeKey, err := ssh.NewPublicKey(&ecdsaPriv.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	serverPrint := ssh.FingerprintSHA256(srv.HostKey)
	tests := []struct {
		name  string
		lines string // known_hosts; "-" for no file at all
		want  []string
	}{
		{"known", srv.KnownHostsLine() + "\n", nil},
		{"changed", knownhosts.Line([]string{knownhosts.Normalize(srv.Addr)}, otherKey) + "\n",
			[]string{"HOST KEY CHANGED", serverPrint, ssh.FingerprintSHA256(otherKey), "known_hosts:1"}},
		{"changed type", knownhosts.Line([]string{knownhosts.Normalize(srv.Addr)}, otherTypeKey) + "\n",
			[]string{"HOST KEY CHANGED", serverPrint, ssh.FingerprintSHA256(otherTypeKey), "ecdsa-sha2-nistp256"}},
		{"unknown", "# nobody\n", []string{"unknown", serverPrint}},
		{"revoked", "@revoked * " + string(ssh.MarshalAuthorizedKey(srv.HostKey)), []string{"@revoked", serverPrint}},
		{"no file", "-", []string{"unknown", serverPrint, "no known_hosts file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			settings := srv.Settings(t)
			settings.KnownHosts = []string{filepath.Join(t.TempDir(), "known_hosts")}
			if tt.lines != "-" {
				writeFile(t, settings.KnownHosts[0], tt.lines)
			}
			c, err := dialQMP(t, newPool(t, settings), srv.URL(vm.Socket))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				queryStatus(t, c)
				return
			}
			var hk *remote.HostKeyError
			if !errors.As(err, &hk) || hk.Fingerprint != serverPrint {
				t.Fatalf("err = %v, want a HostKeyError for %s", err, serverPrint)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestSSHAgentAuthentication(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMU(t)
	settings := srv.Settings(t)
	settings.DefaultIdentities = nil
	settings.AgentSocket = sshtest.Agent(t, srv.UserKey)
	c, err := dialQMP(t, newPool(t, settings), srv.URL(vm.Socket))
	if err != nil {
		t.Fatal(err)
	}
	queryStatus(t, c)

	// An agent without the key, and no key file: refused, and the error
	// says what was offered.
	_, stranger, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	settings.AgentSocket = sshtest.Agent(t, stranger)
	settings.DefaultIdentities = []string{filepath.Join(t.TempDir(), "id_missing")}
	_, err = dialQMP(t, newPool(t, settings), srv.URL(vm.Socket))
	if err == nil || !strings.Contains(err.Error(), "1 key(s) offered, none accepted") {
		t.Fatalf("err = %v, want an authentication failure that counts the keys", err)
	}
}

func TestSSHConfigAlias(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMU(t)
	settings := srv.Settings(t)
	settings.DefaultIdentities, settings.LocalUser = nil, "nobody-by-default"
	settings.ConfigFile = filepath.Join(t.TempDir(), "config")
	writeFile(t, settings.ConfigFile, "Host vmhost\n"+
		"  HostName 127.0.0.1\n  Port "+srv.Port()+"\n  User "+srv.User+"\n  IdentityFile "+srv.UserKeyFile+"\n")
	c, err := dialQMP(t, newPool(t, settings), "ssh://vmhost"+vm.Socket)
	if err != nil {
		t.Fatal(err)
	}
	queryStatus(t, c)
}

func TestSSHSharesOneConnectionPerHost(t *testing.T) {
	srv := sshtest.Start(t)
	vm1, vm2 := qmptest.QEMU(t), qmptest.QEMU(t)
	pool := newPool(t, srv.Settings(t))
	c1, err := dialQMP(t, pool, srv.URL(vm1.Socket))
	if err != nil {
		t.Fatal(err)
	}
	c2, err := dialQMP(t, pool, srv.URL(vm2.Socket))
	if err != nil {
		t.Fatal(err)
	}
	queryStatus(t, c1)
	queryStatus(t, c2)
	if _, err := dialQMP(t, pool, srv.URL("/nonexistent/qmp.sock")); err == nil || !strings.Contains(err.Error(), "/nonexistent/qmp.sock") {
		t.Fatalf("missing remote socket: err = %v", err)
	}
	queryStatus(t, c1) // a refused channel leaves the connection alone
	if n := pool.Handshakes(); n != 1 {
		t.Fatalf("%d SSH connections for two VMs on one host, want 1", n)
	}
}

func TestSSHIdleConnectionCloses(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMU(t)
	pool := newPool(t, srv.Settings(t))
	pool.IdleTimeout = time.Millisecond
	qmptest.Eventually(t, "the unused connection to be closed and replaced", func() bool {
		c, err := dialQMP(t, pool, srv.URL(vm.Socket))
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		return pool.Handshakes() >= 2
	})
}

func TestSSHGlobListsRemoteSockets(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMUWithMonitors(t, 2)
	pool := newPool(t, srv.Settings(t))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := pool.Glob(ctx, srv.URL(filepath.Join(vm.Dir, "*")))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{srv.URL(vm.Sockets[0]), srv.URL(vm.Sockets[1])} // stderr.log is no socket
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Glob = %q, want %q", got, want)
	}
	c, err := dialQMP(t, pool, got[1])
	if err != nil {
		t.Fatal(err)
	}
	queryStatus(t, c)
	if n := pool.Handshakes(); n != 1 {
		t.Errorf("listing and dialling made %d SSH connections, want 1", n)
	}
	if _, err := pool.Glob(ctx, srv.URL(filepath.Join(vm.Dir, "*.nothing"))); err == nil || !strings.Contains(err.Error(), "no UNIX socket matches") {
		t.Errorf("empty glob: err = %v", err)
	}
}

func TestSSHRefusesFilePassing(t *testing.T) {
	srv := sshtest.Start(t)
	vm := qmptest.QEMU(t)
	c, err := dialQMP(t, newPool(t, srv.Settings(t)), srv.URL(vm.Socket))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = c.Do(ctx, qmp.Request{Command: "getfd", Arguments: []byte(`{"fdname":"x"}`), Files: []*os.File{f}})
	if err == nil || !strings.Contains(err.Error(), "local UNIX socket") {
		t.Fatalf("getfd over SSH: err = %v", err)
	}
	queryStatus(t, c) // nothing was sent: the connection is intact
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
