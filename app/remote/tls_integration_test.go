//go:build linux

package remote_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/remote"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// authority is a throwaway certificate authority.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	file string // ca-cert.pem
}

func newAuthority(t *testing.T, dir, name string) *authority {
	t.Helper()
	key := newECKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	a := &authority{cert: cert, key: key, file: filepath.Join(dir, "ca-cert.pem")}
	writePEM(t, a.file, "CERTIFICATE", der)
	return a
}

// issue writes a certificate for usage, and its key, as dir/prefix-cert.pem
// and dir/prefix-key.pem (QEMU's names).
func (a *authority) issue(t *testing.T, dir, prefix string, usage x509.ExtKeyUsage, ips ...net.IP) (certFile, keyFile string) {
	t.Helper()
	key := newECKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "qmpdash " + prefix},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		BasicConstraintsValid: true,
		// QEMU checks both bits on a critical key usage.
		KeyUsage:    x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		ExtKeyUsage: []x509.ExtKeyUsage{usage}, IPAddresses: ips,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, prefix+"-cert.pem"), filepath.Join(dir, prefix+"-key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func newECKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	writeFile(t, path, string(pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})))
}

// tlsQEMU starts QEMU with a TLS monitor on 127.0.0.1 whose certificate
// (for 127.0.0.1) the returned authority signed, and a client certificate
// from the same authority.
func tlsQEMU(t *testing.T) (addr string, ca *authority, client remote.TLSFiles) {
	t.Helper()
	creds := t.TempDir()
	ca = newAuthority(t, creds, "qmpdash test CA")
	ca.issue(t, creds, "server", x509.ExtKeyUsageServerAuth, net.IPv4(127, 0, 0, 1))
	cert, key := ca.issue(t, t.TempDir(), "client", x509.ExtKeyUsageClientAuth)
	port := strconv.Itoa(qmptest.FreeTCPPort(t))
	qmptest.QEMU(t,
		"-object", "tls-creds-x509,id=tls0,dir="+creds+",endpoint=server,verify-peer=on",
		"-chardev", "socket,id=mon0,host=127.0.0.1,port="+port+",server=on,wait=off,tls-creds=tls0",
		"-mon", "chardev=mon0,mode=control")
	waitListening(t, "127.0.0.1:"+port)
	return "tls://127.0.0.1:" + port, ca, remote.TLSFiles{CA: ca.file, Cert: cert, Key: key}
}

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
	addr, _, files := tlsQEMU(t)
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
	addr, _, good := tlsQEMU(t)
	other := newAuthority(t, t.TempDir(), "some other CA")
	tests := []struct {
		name  string
		files remote.TLSFiles
		want  []string
	}{
		{"wrong CA", remote.TLSFiles{CA: other.file, Cert: good.Cert, Key: good.Key},
			[]string{"not signed by a CA in " + other.file, "qmpdash test CA", "--tls-ca"}},
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

// waitListening polls until a TCP port accepts connections: QEMU may
// create the TLS chardev a moment after the UNIX monitor qmptest waits for.
func waitListening(t *testing.T, hostPort string) {
	t.Helper()
	deadline := time.Now().Add(qmptest.StartTimeout)
	for {
		conn, err := net.Dial("tcp", hostPort)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not listening: %v", hostPort, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
