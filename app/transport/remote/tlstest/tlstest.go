//go:build linux

// Package tlstest makes throwaway certificate authorities and certificates
// with crypto/x509, and starts a real QEMU whose QMP monitor is a TLS
// chardev (tls-creds-x509) on 127.0.0.1, for tests of tls:// addresses.
package tlstest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// Authority is a throwaway certificate authority.
type Authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// File is its certificate, dir/ca-cert.pem (QEMU's name).
	File string
}

// NewAuthority makes a CA called name and writes its certificate to dir.
func NewAuthority(t testing.TB, dir, name string) *Authority {
	t.Helper()
	key := newECKey(t)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("tlstest: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("tlstest: %v", err)
	}
	a := &Authority{cert: cert, key: key, File: filepath.Join(dir, "ca-cert.pem")}
	writePEM(t, a.File, "CERTIFICATE", der)
	return a
}

// Issue writes a certificate for usage, and its key, as dir/prefix-cert.pem
// and dir/prefix-key.pem (QEMU's names).
func (a *Authority) Issue(t testing.TB, dir, prefix string, usage x509.ExtKeyUsage, ips ...net.IP) (certFile, keyFile string) {
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
		t.Fatalf("tlstest: %v", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatalf("tlstest: %v", err)
	}
	certFile, keyFile = filepath.Join(dir, prefix+"-cert.pem"), filepath.Join(dir, prefix+"-key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func newECKey(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatalf("tlstest: %v", err)
	}
	return key
}

func writePEM(t testing.TB, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatalf("tlstest: %v", err)
	}
}

// QEMU starts QEMU with a TLS monitor on 127.0.0.1 that asks for a client
// certificate, and returns its tls:// address and the files a client
// needs: the CA that signed the server's certificate (for 127.0.0.1) and a
// client certificate and key from the same CA.
func QEMU(t testing.TB) (addr string, client remote.TLSFiles) {
	t.Helper()
	creds := t.TempDir()
	ca := NewAuthority(t, creds, "qmpdash test CA")
	ca.Issue(t, creds, "server", x509.ExtKeyUsageServerAuth, net.IPv4(127, 0, 0, 1))
	cert, key := ca.Issue(t, t.TempDir(), "client", x509.ExtKeyUsageClientAuth)
	port := strconv.Itoa(qmptest.FreeTCPPort(t))
	qmptest.QEMU(t,
		"-object", "tls-creds-x509,id=tls0,dir="+creds+",endpoint=server,verify-peer=on",
		"-chardev", "socket,id=mon0,host=127.0.0.1,port="+port+",server=on,wait=off,tls-creds=tls0",
		"-mon", "chardev=mon0,mode=control")
	waitListening(t, "127.0.0.1:"+port)
	return "tls://127.0.0.1:" + port, remote.TLSFiles{CA: ca.File, Cert: cert, Key: key}
}

// waitListening polls until a TCP port accepts connections: QEMU may
// create the TLS chardev a moment after the UNIX monitor qmptest waits for.
func waitListening(t testing.TB, hostPort string) {
	t.Helper()
	deadline := time.Now().Add(qmptest.StartTimeout)
	for {
		conn, err := net.Dial("tcp", hostPort)
		if err == nil {
			conn.Close()
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("tlstest: %s not listening: %v", hostPort, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
