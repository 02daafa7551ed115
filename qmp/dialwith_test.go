package qmp_test

import (
	"context"
	"errors"
	"net"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestDialWithUsesTheGivenStream(t *testing.T) {
	conn, peer := qmptest.Socketpair(t)
	go peer.Negotiate()
	dial := func(context.Context) (net.Conn, error) { return conn, nil }
	c, err := qmp.DialWith(context.Background(), "ssh://vmhost/run/a.sock", dial, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Addr() != "ssh://vmhost/run/a.sock" || c.Status().State != qmp.StateReady {
		t.Fatalf("Addr %q, state %v", c.Addr(), c.Status().State)
	}
}

func TestDialWithFailureIsAConnError(t *testing.T) {
	refused := errors.New("host key changed")
	var states []qmp.State
	_, err := qmp.DialWith(context.Background(), "ssh://vmhost/run/a.sock",
		func(context.Context) (net.Conn, error) { return nil, refused },
		qmp.Options{OnState: func(s qmp.Status) { states = append(states, s.State) }})
	var cerr *qmp.ConnError
	if !errors.As(err, &cerr) || cerr.Op != "dial" || cerr.Addr != "ssh://vmhost/run/a.sock" || !errors.Is(err, refused) {
		t.Fatalf("err = %#v", err)
	}
	if len(states) != 2 || states[0] != qmp.StateConnecting || states[1] != qmp.StateClosed {
		t.Fatalf("states = %v", states)
	}
}
