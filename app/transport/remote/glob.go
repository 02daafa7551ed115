package remote

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/pkg/sftp"
)

// HasGlob reports whether an address's path has glob characters (*, ?
// or [) and so names a set of sockets rather than one.
func HasGlob(path string) bool { return strings.ContainsAny(path, "*?[") }

// Glob lists the remote UNIX sockets that the path pattern of an ssh://
// address matches, over the host's shared SSH connection (with SFTP, which
// sshd offers by default). It returns them as ssh:// addresses spelled like
// addr, sorted; matches that are not sockets are left out, and no match at
// all is an error.
func (p *Pool) Glob(ctx context.Context, addr string) ([]string, error) {
	a, err := ParseSSH(addr)
	if err != nil {
		return nil, err
	}
	t, err := p.Settings.resolve(a)
	if err != nil {
		return nil, err
	}
	l, err := p.acquire(ctx, t)
	if err != nil {
		return nil, err
	}
	defer p.release(l)
	client, err := sftp.NewClient(l.client)
	if err != nil {
		return nil, fmt.Errorf("ssh %s: listing %s needs the remote SFTP subsystem: %w", t.key(), a.Path, err)
	}
	// SFTP calls take no context: closing the client interrupts them.
	stop := context.AfterFunc(ctx, func() { client.Close() })
	defer stop()
	defer client.Close()
	matches, err := client.Glob(a.Path)
	if err != nil {
		return nil, fmt.Errorf("ssh %s: %s: %w", t.key(), a.Path, err)
	}
	var addrs []string
	for _, m := range matches {
		fi, err := client.Stat(m)
		if err == nil && fi.Mode()&os.ModeSocket != 0 {
			a.Path = m
			addrs = append(addrs, a.String())
		}
	}
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("ssh %s: no UNIX socket matches %s (%d other file(s) do)", t.key(), a.Path, len(matches))
	}
	sort.Strings(addrs)
	return addrs, nil
}
