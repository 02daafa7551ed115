package remote

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
)

// credentials are the keys offered to one host: the agent's first, then
// the host's IdentityFile entries, then the default key files.
type credentials struct {
	signers []ssh.Signer
	agent   net.Conn // closed once the handshake is over
	// skipped says why keys were not offered, for the error when the
	// server accepts none.
	skipped []string
}

// loadCredentials gathers the keys for t. An agent that cannot be reached
// and key files that cannot be used are noted, not fatal: another key may
// still work.
func (s SSHSettings) loadCredentials(t sshTarget) *credentials {
	c := &credentials{}
	seen := map[string]bool{}
	add := func(sg ssh.Signer) {
		k := string(sg.PublicKey().Marshal())
		if !seen[k] {
			seen[k] = true
			c.signers = append(c.signers, sg)
		}
	}
	if s.AgentSocket != "" {
		conn, err := net.Dial("unix", s.AgentSocket)
		if err != nil {
			c.skipped = append(c.skipped, fmt.Sprintf("agent %s: %v", s.AgentSocket, err))
		} else {
			c.agent = conn
			signers, err := agent.NewClient(conn).Signers()
			if err != nil {
				c.skipped = append(c.skipped, fmt.Sprintf("agent %s: %v", s.AgentSocket, err))
			}
			for _, sg := range signers {
				add(sg)
			}
		}
	}
	explicit := len(t.identities)
	for i, path := range append(append([]string(nil), t.identities...), s.DefaultIdentities...) {
		sg, err := readSigner(path)
		switch {
		case err == nil:
			add(sg)
		case errors.Is(err, fs.ErrNotExist) && i >= explicit:
			// A default key the user does not have.
		default:
			c.skipped = append(c.skipped, err.Error())
		}
	}
	return c
}

// close ends the agent connection.
func (c *credentials) close() {
	if c.agent != nil {
		c.agent.Close()
	}
}

// explain adds what was tried to an authentication failure.
func (c *credentials) explain(err error) error {
	if !strings.Contains(err.Error(), "unable to authenticate") {
		return err
	}
	msg := fmt.Sprintf("%d key(s) offered, none accepted", len(c.signers))
	if len(c.signers) == 0 {
		msg = "no key to offer: load one into the SSH agent, or name it with IdentityFile in the SSH config"
	}
	if len(c.skipped) > 0 {
		msg += "; not offered: " + strings.Join(c.skipped, "; ")
	}
	return fmt.Errorf("%w (%s)", err, msg)
}

// readSigner loads an unencrypted private key file. Encrypted keys need
// the agent: there is no prompt for a passphrase.
func readSigner(path string) (ssh.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sg, err := ssh.ParsePrivateKey(bytes.TrimSpace(data))
	var missing *ssh.PassphraseMissingError
	if errors.As(err, &missing) {
		return nil, fmt.Errorf("%s is encrypted: add it to the SSH agent (ssh-add %s)", path, path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sg, nil
}
