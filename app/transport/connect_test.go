package transport

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// connectAuto connects in auto mode to a fake server that serve scripts.
func connectAuto(t *testing.T, d Dialer, serve func(*qmptest.Peer)) (*qmp.Client, error) {
	t.Helper()
	srv := qmptest.NewServer(t)
	served := make(chan struct{})
	t.Cleanup(func() { <-served })
	go func() {
		defer close(served)
		if p := srv.Accept(); p != nil {
			serve(p)
		}
	}()
	c, err := d.Connect(context.Background(), srv.Path, ProtocolAuto, qmp.Options{})
	if err == nil {
		t.Cleanup(func() { c.Close() })
	}
	return c, err
}

func TestAutoAttachesWhenCapabilitiesAnswerLate(t *testing.T) {
	c, err := connectAuto(t, Dialer{}, func(p *qmptest.Peer) {
		p.Greet()
		r := p.Expect("qmp_capabilities")
		time.Sleep(1500 * time.Millisecond) // a busy QEMU
		p.Reply(r, "{}")
	})
	if err != nil || c.Mode() != qmp.ModeQMP {
		t.Fatalf("Connect: %v; want a QMP client", err)
	}
}

func TestAutoTrickledGreetingIsQMP(t *testing.T) {
	c, err := connectAuto(t, Dialer{}, func(p *qmptest.Peer) {
		greeting := qmptest.Greeting72 + "\r\n"
		pause := 1200 * time.Millisecond / time.Duration(len(greeting))
		for i := range len(greeting) {
			p.Write(greeting[i : i+1])
			time.Sleep(pause)
		}
		p.Reply(p.Expect("qmp_capabilities"), "{}")
	})
	if err != nil || c.Mode() != qmp.ModeQMP || c.Greeting().Version.Major != 7 {
		t.Fatalf("Connect: %v; want a QMP client with the greeting", err)
	}
}

func TestAutoSilentServerIsGuestAgent(t *testing.T) {
	c, err := connectAuto(t, Dialer{}, func(p *qmptest.Peer) {
		r := p.Expect("guest-sync-delimited")
		id, _ := strconv.ParseInt(string(r.Arguments[len(`{"id":`):len(r.Arguments)-1]), 10, 64)
		p.Write("\xff" + `{"return": ` + strconv.FormatInt(id, 10) + "}\n")
	})
	if err != nil || c.Mode() != qmp.ModeGuestAgent {
		t.Fatalf("Connect: %v; want a guest-agent client", err)
	}
}

func TestConnectTimeoutCoversTheHandshake(t *testing.T) {
	// The greeting's first bytes come at once, the rest after the 5 s a
	// handshake used to get whatever the connect timeout said.
	c, err := connectAuto(t, Dialer{Timeout: 8 * time.Second}, func(p *qmptest.Peer) {
		p.Write(qmptest.Greeting72[:10])
		time.Sleep(5500 * time.Millisecond)
		p.Write(qmptest.Greeting72[10:] + "\r\n")
		p.Reply(p.Expect("qmp_capabilities"), "{}")
	})
	if err != nil || c.Mode() != qmp.ModeQMP {
		t.Fatalf("Connect: %v; want a QMP client", err)
	}
}
