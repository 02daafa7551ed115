package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/share"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/remote"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/pflag"
)

// connFlags are the connection options every headless command takes,
// and the configuration file they apply over.
type connFlags struct {
	config   *configFile
	qga      bool
	qmpOnly  bool
	readOnly bool
	noShare  bool
	timeout  time.Duration
	tls      remote.TLSFiles
}

func (f *connFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.qga, "qga", false, "the socket is a QEMU guest agent (default: detect by the missing greeting)")
	fs.BoolVar(&f.qmpOnly, "qmp", false, "the socket is a QMP monitor; do not try guest-agent mode")
	fs.DurationVar(&f.timeout, "connect-timeout", transport.DefaultConnectTimeout, "give up connecting, handshake included, after this long")
	fs.BoolVar(&f.readOnly, "read-only", false, "send only commands known not to change state (query-* and the like)")
	fs.BoolVar(&f.noShare, "no-share", false, "the dashboard serves no shared monitor socket; other commands do not go through a dashboard's")
	fs.StringVar(&f.tls.CA, "tls-ca", "", "for tls:// addresses: verify the server against the CA certificates in `FILE` (default: the system's)")
	fs.StringVar(&f.tls.Cert, "tls-cert", "", "for tls:// addresses: present the client certificate in `FILE`")
	fs.StringVar(&f.tls.Key, "tls-key", "", "for tls:// addresses: the client certificate's private key `FILE`")
	fs.StringVar(&f.tls.ServerName, "tls-server-name", "", "for tls:// addresses: the `NAME` the server's certificate must hold (default: the address's host)")
}

// overrides are the flags' say over the configuration file's session
// settings.
func (f *connFlags) overrides() config.SessionOverrides {
	o := config.SessionOverrides{ReadOnly: f.readOnly, TLS: f.tls, ConnectTimeout: f.timeout}
	switch {
	case f.qga:
		o.Protocol = transport.ProtocolGuestAgent
	case f.qmpOnly:
		o.Protocol = transport.ProtocolQMP
	}
	return o
}

// session is vm's session settings: the configuration file's under the
// flags.
func (f *connFlags) session(vm config.VM) session.Config {
	return f.config.settings().SessionFor(vm, f.overrides())
}

// dialerFor reaches vm's address (see session).
func (f *connFlags) dialerFor(vm config.VM) transport.Dialer { return f.session(vm).Dialer }

// policyFor is what may be sent to vm (see session): --read-only or the
// VM's read_only setting, and the configured confirmations for
// interactive use.
func (f *connFlags) policyFor(vm config.VM) send.Policy { return f.session(vm).Policy }

// timeoutsFor is how long each command to vm waits for its reply: the D of
// a --timeout flag (flag > 0) for every command, else the [timeouts] of
// vm's session settings (see session), as the dashboard applies them.
func (f *connFlags) timeoutsFor(vm config.VM, flag time.Duration) send.Timeouts {
	if flag > 0 {
		return send.FixedTimeout(flag)
	}
	return f.session(vm).ReplyTimeouts()
}

// target resolves the ADDR argument: a monitor address, or "@name" from the
// configuration file; without one, $QMP_SOCKET, else the only configured VM.
func (c *configFile) target(args []string) (config.VM, error) {
	arg := ""
	if len(args) > 0 {
		arg = args[0]
	}
	if arg != "" && !strings.HasPrefix(arg, "@") {
		return c.configuredAt(arg, arg), nil
	}
	if arg == "" {
		if a := qmp.DefaultAddress(); a != "" {
			return c.configuredAt(a, a), nil
		}
	}
	cfg, err := c.required()
	if err != nil {
		return config.VM{}, err
	}
	if name, ok := strings.CutPrefix(arg, "@"); ok {
		if vm, found := cfg.VM(name); found {
			return vm, nil
		}
		return config.VM{}, &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("no VM named %q in %s", name, cfg.Path)}
	}
	switch len(cfg.VMs) {
	case 0:
		return config.VM{}, &headless.ExitError{Code: headless.ExitUsage, Err: errors.New("no monitor address: give ADDR or @name, set $" + qmp.EnvSocket + ", or name VMs in " + cfg.Path)}
	case 1:
		return cfg.VMs[0], nil
	}
	names := make([]string, len(cfg.VMs))
	for i, vm := range cfg.VMs {
		names[i] = "@" + vm.Name
	}
	return config.VM{}, &headless.ExitError{Code: headless.ExitUsage, Err: fmt.Errorf("%s names several VMs; pick one: %s", cfg.Path, strings.Join(names, " "))}
}

// looksLikeAddress tells whether word, the first of a command's words
// that may leave ADDR out, is ADDR rather than the command: "@name", or a
// word whose part before any blank or '=' holds '/', ':' or '.' (a path,
// host:port, a socket file name), unless it starts raw JSON ('{'), an
// unchecked command ('!') or a downstream command name ("__org.example_").
// A socket path without any of them needs "./".
func looksLikeAddress(word string) bool {
	word = strings.TrimSpace(word)
	switch {
	case strings.HasPrefix(word, "@"):
		return true
	case strings.HasPrefix(word, "{"), strings.HasPrefix(word, "!"), strings.HasPrefix(word, "__"):
		return false
	}
	head, _, _ := strings.Cut(strings.Fields(word + " ")[0], "=")
	return strings.ContainsAny(head, "/:.")
}

// dial connects with vm's session settings (see session): through the
// shared monitor of a dashboard that holds vm's (see app/share) unless
// --no-share, else straight to it. Failures exit with
// headless.ExitConnection.
func (f *connFlags) dial(ctx context.Context, vm config.VM, opts qmp.Options) (*qmp.Client, error) {
	s := f.session(vm)
	if path, ok := share.Existing(s.Addr); ok && !f.noShare && s.Protocol != transport.ProtocolGuestAgent {
		if c, err := s.Dialer.Connect(ctx, path, transport.ProtocolQMP, opts); err == nil {
			return c, nil
		}
	}
	c, err := s.Dialer.Connect(ctx, s.Addr, s.Protocol, opts)
	if err != nil {
		return nil, &headless.ExitError{Code: headless.ExitConnection, Err: err}
	}
	return c, nil
}

// sender connects as connectWithSchema does and returns the send path to
// the VM: its schema, policy and reply deadlines (timeout: a --timeout
// flag, 0 if none). The caller closes its Client.
func (f *connFlags) sender(ctx context.Context, addr []string, opts qmp.Options, timeout time.Duration) (*send.Sender, error) {
	vm, c, schema, err := f.connectWithSchema(ctx, addr, opts)
	if err != nil {
		return nil, err
	}
	return &send.Sender{Client: c, Schema: schema, Policy: f.policyFor(vm), Timeouts: f.timeoutsFor(vm, timeout)}, nil
}

// connectWithSchema resolves the ADDR argument (none, or one: see
// target), connects with opts and loads the server's schema (nil when it
// cannot be had). The caller closes the client.
func (f *connFlags) connectWithSchema(ctx context.Context, addr []string, opts qmp.Options) (config.VM, *qmp.Client, *docs.Schema, error) {
	vm, err := f.config.target(addr)
	if err != nil {
		return vm, nil, nil, err
	}
	c, err := f.dial(ctx, vm, opts)
	if err != nil {
		return vm, nil, nil, err
	}
	return vm, c, headless.Schema(ctx, c), nil
}
