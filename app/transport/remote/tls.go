package remote

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
)

// TLSFiles configure a tls:// connection. The zero value verifies the
// server against the system's roots under the address's host name and
// presents no client certificate.
type TLSFiles struct {
	// CA is a PEM file of the certificate authorities the server's
	// certificate must chain to (QEMU's ca-cert.pem); "" means the
	// system roots.
	CA string
	// Cert and Key are the client's certificate and key (PEM), which QEMU
	// asks for with verify-peer=on (its default).
	Cert, Key string
	// ServerName is the name the server's certificate must hold; ""
	// means the address's host.
	ServerName string
}

// Or fills the fields f leaves empty from fallback: command-line options
// over a VM's configured ones, say.
func (f TLSFiles) Or(fallback TLSFiles) TLSFiles {
	pick := func(a, b string) string {
		if a != "" {
			return a
		}
		return b
	}
	return TLSFiles{CA: pick(f.CA, fallback.CA), Cert: pick(f.Cert, fallback.Cert),
		Key: pick(f.Key, fallback.Key), ServerName: pick(f.ServerName, fallback.ServerName)}
}

// config builds the client configuration for a server at host.
func (f TLSFiles) config(host string) (*tls.Config, error) {
	// Whole records: a message in one record needs the fewest nudges.
	cfg := &tls.Config{ServerName: f.ServerName, MinVersion: tls.VersionTLS12, DynamicRecordSizingDisabled: true}
	if cfg.ServerName == "" {
		cfg.ServerName = host
	}
	if f.CA != "" {
		pem, err := os.ReadFile(f.CA)
		if err != nil {
			return nil, fmt.Errorf("tls: CA: %w", err)
		}
		cfg.RootCAs = x509.NewCertPool()
		if !cfg.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls: CA %s holds no PEM certificate", f.CA)
		}
	}
	switch {
	case f.Cert != "" && f.Key != "":
		pair, err := tls.LoadX509KeyPair(f.Cert, f.Key)
		if err != nil {
			return nil, fmt.Errorf("tls: client certificate: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	case f.Cert != "" || f.Key != "":
		return nil, errors.New("tls: a client certificate needs both a certificate and a key file")
	}
	return cfg, nil
}

// DialTLS connects to a tls://host:port address and completes the TLS
// handshake, verifying the server. Errors say which check failed.
func DialTLS(ctx context.Context, addr string, files TLSFiles) (net.Conn, error) {
	hostPort, err := ParseTLS(addr)
	if err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(hostPort)
	cfg, err := files.config(host)
	if err != nil {
		return nil, err
	}
	d := tls.Dialer{Config: cfg}
	conn, err := d.DialContext(ctx, "tcp", hostPort)
	if err != nil {
		return nil, explainTLS(err, files, cfg.ServerName)
	}
	return &tlsConn{Conn: &nudgeConn{Conn: conn}, files: files}, nil
}

// tlsConn explains a server that hangs up before it says anything: with
// TLS 1.3 the handshake completes on our side before the server has
// checked our certificate, so its refusal shows up on the first read.
type tlsConn struct {
	net.Conn
	files TLSFiles
	heard bool // read goroutine only
}

// Read reads from the TLS stream, explaining an early hang-up.
func (c *tlsConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if err != nil && n == 0 && !c.heard {
		err = explainRefusal(err, c.files)
	}
	c.heard = c.heard || n > 0
	return n, err
}

// explainRefusal says why a server may have hung up after the handshake.
func explainRefusal(err error, files TLSFiles) error {
	if files.Cert == "" {
		return fmt.Errorf("tls: the server closed the connection before saying anything; it probably "+
			"wants a client certificate: give --tls-cert and --tls-key, or tls_cert and tls_key (%w)", err)
	}
	return fmt.Errorf("tls: the server closed the connection before saying anything; it probably refused "+
		"the client certificate %s: is it signed by the CA the server trusts? (%w)", files.Cert, err)
}

// explainTLS says which TLS check failed and what to change.
func explainTLS(err error, files TLSFiles, serverName string) error {
	var unknownCA x509.UnknownAuthorityError
	var badName x509.HostnameError
	var invalid x509.CertificateInvalidError
	var alert tls.AlertError
	ca := "the system's roots"
	if files.CA != "" {
		ca = files.CA
	}
	switch {
	case errors.As(err, &unknownCA):
		subject := "?"
		if unknownCA.Cert != nil {
			subject = unknownCA.Cert.Issuer.String()
		}
		return fmt.Errorf("tls: the server's certificate (issued by %q) is not signed by a CA in %s; "+
			"give the CA that signed it with --tls-ca or tls_ca: %w", subject, ca, err)
	case errors.As(err, &badName):
		return fmt.Errorf("tls: the server's certificate is not valid for the name %q (it holds %s); "+
			"connect by one of those names or set --tls-server-name or tls_server_name: %w",
			serverName, certNames(badName.Certificate), err)
	case errors.As(err, &invalid):
		return fmt.Errorf("tls: the server's certificate is not acceptable: %w", err)
	case errors.As(err, &alert):
		return explainRefusal(err, files)
	}
	return fmt.Errorf("tls: %w", err)
}

// certNames lists the names a certificate is valid for.
func certNames(c *x509.Certificate) string {
	if c == nil {
		return "no names"
	}
	var names []string
	names = append(names, c.DNSNames...)
	for _, ip := range c.IPAddresses {
		names = append(names, ip.String())
	}
	if len(names) == 0 && c.Subject.CommonName != "" {
		names = append(names, "only the common name "+c.Subject.CommonName)
	}
	if len(names) == 0 {
		return "no names"
	}
	return strings.Join(names, ", ")
}
