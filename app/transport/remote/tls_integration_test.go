//go:build linux

package remote_test

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/app/transport/remote/tlstest"
	"github.com/qmpdash/qmpdash/qmp"
)

// dialTLS connects to a QMP monitor over TLS.
func dialTLS(t *testing.T, addr string, files remote.TLSFiles) (*qmp.Client, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := qmp.DialWith(ctx, addr, func(ctx context.Context) (net.Conn, error) { return remote.DialTLS(ctx, addr, files) }, qmp.Options{})
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

func TestTLSReachesQEMU(t *testing.T) {
	addr, files := tlstest.QEMU(t)
	c, err := dialTLS(t, addr, files)
	if err != nil {
		t.Fatal(err)
	}
	if got := queryStatus(t, c); got != "prelaunch" {
		t.Fatalf("status = %q", got)
	}
	// QEMU 7.2 leaves TLS data unread until more arrives (see nudgeConn):
	// each of these would hang without the nudges.
	for range 50 {
		queryStatus(t, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	id := `"` + strings.Repeat("x", 40000) + `"`
	resp, err := c.Do(ctx, qmp.Request{Command: "query-status", ID: []byte(id)})
	if err != nil || string(resp.ID) != id {
		t.Fatalf("a 40 KB request: %v", err)
	}
}

func TestTLSRefusals(t *testing.T) {
	addr, good := tlstest.QEMU(t)
	// A whole good session first: QEMU has dropped the port probe of
	// tlstest.QEMU once it served one (the probe's bare close could else
	// end the first handshake below with EOF).
	first, err := dialTLS(t, addr, good)
	if err != nil {
		t.Fatal(err)
	}
	queryStatus(t, first)
	first.Close()
	other := tlstest.NewAuthority(t, t.TempDir(), "some other CA")
	tests := []struct {
		name  string
		files remote.TLSFiles
		want  []string
	}{
		{"wrong CA", remote.TLSFiles{CA: other.File, Cert: good.Cert, Key: good.Key},
			[]string{"not signed by a CA in " + other.File, "qmpdash test CA", "--tls-ca"}},
		{"system roots", remote.TLSFiles{Cert: good.Cert, Key: good.Key},
			[]string{"not signed by a CA in the system's roots"}},
		{"wrong server name", remote.TLSFiles{CA: good.CA, Cert: good.Cert, Key: good.Key, ServerName: "vm.example"},
			[]string{`not valid for the name "vm.example"`, "127.0.0.1", "--tls-server-name"}},
		{"no client certificate", remote.TLSFiles{CA: good.CA},
			[]string{"wants a client certificate", "--tls-cert"}},
		{"half a client certificate", remote.TLSFiles{CA: good.CA, Cert: good.Cert},
			[]string{"needs both a certificate and a key"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dialTLS(t, addr, tt.files)
			if err == nil {
				t.Fatal("connected")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	// The refusals left the monitor free for a good client.
	c, err := dialTLS(t, addr, good)
	if err != nil {
		t.Fatal(err)
	}
	queryStatus(t, c)
}
