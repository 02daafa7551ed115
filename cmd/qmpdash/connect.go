package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/spf13/pflag"
)

// Exit codes shared by the headless commands.
const (
	exitQMPError   = 1 // the server answered with an error
	exitUsage      = 2 // syntax or validation error; nothing was sent
	exitConnection = 3 // could not connect, or the connection broke
)

// connFlags are the connection options every headless command takes.
type connFlags struct {
	qga     bool
	qmpOnly bool
	timeout time.Duration
}

func (f *connFlags) register(fs *pflag.FlagSet) {
	fs.BoolVar(&f.qga, "qga", false, "the socket is a QEMU guest agent (default: detect by the missing greeting)")
	fs.BoolVar(&f.qmpOnly, "qmp", false, "the socket is a QMP monitor; do not try guest-agent mode")
	fs.DurationVar(&f.timeout, "connect-timeout", 5*time.Second, "give up connecting after this long")
}

func (f *connFlags) protocol() app.Protocol {
	switch {
	case f.qga:
		return app.ProtocolGuestAgent
	case f.qmpOnly:
		return app.ProtocolQMP
	}
	return app.ProtocolAuto
}

// address picks ADDR from the arguments or $QMP_SOCKET.
func address(args []string) (string, error) {
	if len(args) > 0 {
		return args[0], nil
	}
	if a := qmp.DefaultAddress(); a != "" {
		return a, nil
	}
	return "", &exitError{code: exitUsage, err: errors.New("no monitor address: give ADDR or set $" + qmp.EnvSocket)}
}

// dial connects with the flags' protocol; failures exit with exitConnection.
func (f *connFlags) dial(ctx context.Context, addr string, opts qmp.Options) (*qmp.Client, error) {
	dctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	c, err := app.Connect(dctx, addr, f.protocol(), opts)
	if err != nil {
		return nil, &exitError{code: exitConnection, err: err}
	}
	return c, nil
}

// connectionLost wraps a broken connection for exit code 3.
func connectionLost(err error) error {
	return &exitError{code: exitConnection, err: fmt.Errorf("connection lost: %w", err)}
}
