//go:build linux

package sshtest

import (
	"crypto"
	"net"
	"path/filepath"
	"sync"
	"testing"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"golang.org/x/crypto/ssh/agent"
)

// Agent serves an in-process SSH agent holding keys on a UNIX socket in a
// temp dir and returns the socket's path, for SSH_AUTH_SOCK. It stops when
// the test ends.
func Agent(t testing.TB, keys ...crypto.PrivateKey) string {
	t.Helper()
	keyring := agent.NewKeyring()
	for _, k := range keys {
		if err := keyring.Add(agent.AddedKey{PrivateKey: k}); err != nil {
			t.Fatalf("sshtest: agent: %v", err)
		}
	}
	path := filepath.Join(qmptest.SocketDir(t), "agent.sock")
	ln, err := net.Listen("unix", path)
	if err != nil {
		t.Fatalf("sshtest: agent: %v", err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	conns := map[net.Conn]bool{}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			conn, err := ln.Accept()
			if err != nil {
				return // closed by the cleanup
			}
			mu.Lock()
			conns[conn] = true
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				_ = agent.ServeAgent(keyring, conn)
				conn.Close()
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	return path
}
