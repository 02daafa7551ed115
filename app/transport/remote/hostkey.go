package remote

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
)

// HostKeyError is a host key that known_hosts does not vouch for: unknown,
// changed or revoked. The connection was refused.
type HostKeyError struct {
	// Host is the host:port that was checked.
	Host string
	// Fingerprint is the SHA256 fingerprint of the key the server sent.
	Fingerprint string
	// KeyType is that key's algorithm, such as "ssh-ed25519".
	KeyType string
	// Known lists the keys known_hosts has for the host, as
	// "file:line SHA256:..."; empty for an unknown host.
	Known []string
	// Revoked is set when known_hosts marks the key @revoked.
	Revoked bool
	// Files are the known_hosts files that were read.
	Files []string
}

// Error says what was wrong and what to check.
func (e *HostKeyError) Error() string {
	files := strings.Join(e.Files, ", ")
	if files == "" {
		files = "no known_hosts file"
	}
	switch {
	case e.Revoked:
		return fmt.Sprintf("ssh: host key %s %s of %s is marked @revoked in %s", e.KeyType, e.Fingerprint, e.Host, files)
	case len(e.Known) > 0:
		return fmt.Sprintf("ssh: HOST KEY CHANGED for %s: the server sent %s %s but %s has %s; "+
			"refusing to connect (if the change is expected, fix known_hosts, e.g. ssh-keygen -R)",
			e.Host, e.KeyType, e.Fingerprint, files, strings.Join(e.Known, ", "))
	default:
		return fmt.Sprintf("ssh: host %s is unknown: its %s key is %s and it is not in %s; "+
			"check the fingerprint and add the host (connecting once with ssh(1) does that)",
			e.Host, e.KeyType, e.Fingerprint, files)
	}
}

// hostKeys checks host keys against the known_hosts files that exist.
type hostKeys struct {
	files []string
	check ssh.HostKeyCallback // nil when there is no file
}

func loadHostKeys(paths []string) (*hostKeys, error) {
	h := &hostKeys{}
	for _, p := range paths {
		if _, err := os.Stat(p); err == nil {
			h.files = append(h.files, p)
		}
	}
	if len(h.files) == 0 {
		return h, nil
	}
	check, err := knownhosts.New(h.files...)
	if err != nil {
		return nil, fmt.Errorf("ssh: reading known_hosts: %w", err)
	}
	h.check = check
	return h, nil
}

// callback verifies the server's key and explains any refusal.
func (h *hostKeys) callback(hostname string, remote net.Addr, key ssh.PublicKey) error {
	e := &HostKeyError{Host: hostname, Fingerprint: ssh.FingerprintSHA256(key), KeyType: key.Type(), Files: h.files}
	if h.check == nil {
		return e
	}
	err := h.check(hostname, remote, key)
	var keyErr *knownhosts.KeyError
	var revoked *knownhosts.RevokedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &revoked):
		e.Revoked = true
	case errors.As(err, &keyErr):
		for _, k := range keyErr.Want {
			e.Known = append(e.Known, fmt.Sprintf("%s:%d %s %s", k.Filename, k.Line, k.Key.Type(), ssh.FingerprintSHA256(k.Key)))
		}
	default:
		return fmt.Errorf("ssh: checking the host key of %s: %w", hostname, err)
	}
	return e
}

// algorithms lists the host key algorithms known_hosts has keys of for
// hostPort, so the server is asked for a key we can check rather than its
// first preference; nil (the library's default order) when none is known.
func (h *hostKeys) algorithms(hostPort string) []string {
	if h.check == nil {
		return nil
	}
	// A probe with a key no file can hold: the error lists the known ones.
	err := h.check(hostPort, probeAddr{hostPort}, probeKey{})
	var keyErr *knownhosts.KeyError
	if !errors.As(err, &keyErr) {
		return nil
	}
	var algos []string
	seen := map[string]bool{}
	for _, k := range keyErr.Want {
		for _, a := range algorithmsFor(k.Key.Type()) {
			if !seen[a] {
				seen[a] = true
				algos = append(algos, a)
			}
		}
	}
	return algos
}

// algorithmsFor maps a key type to the signature algorithms that use it:
// an RSA key signs with SHA-2 first, SHA-1 last.
func algorithmsFor(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}

// probeKey is a public key that matches no known_hosts line.
type probeKey struct{}

func (probeKey) Type() string                        { return "qmpdash-probe" }
func (probeKey) Marshal() []byte                     { return []byte("qmpdash-probe") }
func (probeKey) Verify([]byte, *ssh.Signature) error { return errors.New("probe key") }

// probeAddr is the remote address handed to the probe.
type probeAddr struct{ hostPort string }

func (probeAddr) Network() string  { return "tcp" }
func (a probeAddr) String() string { return a.hostPort }
