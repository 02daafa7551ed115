package qmp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

// unreadableReplies are replies the client refuses to parse.
var unreadableReplies = []struct{ name, line string }{
	{"raw NUL in a string", "{\"return\": \"a\x00b\", \"id\": %s}\r\n"},
	{"nested 100000 deep", `{"return": ` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + `, "id": %s}` + "\r\n"},
	{"not JSON", "{\"return\": {], \"id\": %s}\r\n"},
}

func TestUnreadableReplyFailsTheOneRequestInFlight(t *testing.T) {
	for _, tc := range unreadableReplies {
		t.Run(tc.name, func(t *testing.T) {
			late := make(chan *qmp.Response, 1)
			c, peer := connect(t, qmp.Options{OnLateReply: func(r *qmp.Response, _ error) { late <- r }})
			done := goDo(c, ctxT(t), qmp.Request{Command: "query-x"})
			r := peer.Expect("query-x")
			peer.Write(strings.Replace(tc.line, "%s", string(r.ID), 1))
			res := <-done
			var unreadable *qmp.UnreadableReplyError
			if !errors.As(res.err, &unreadable) || !strings.Contains(res.err.Error(), "the reply could not be read") {
				t.Fatalf("err = %v, want an *UnreadableReplyError at once", res.err)
			}
			// Had the refused message been something else, the genuine
			// reply still finds its request, as a late one.
			peer.Reply(r, `"real"`)
			if resp := <-late; string(resp.Return) != `"real"` || string(resp.Request) != r.Line {
				t.Errorf("late reply = %s for %s", resp.Return, resp.Request)
			}
			next := goDo(c, ctxT(t), qmp.Request{Command: "small"})
			peer.Reply(peer.Expect("small"), "{}")
			if res := <-next; res.err != nil {
				t.Fatalf("the connection did not survive: %v", res.err)
			}
		})
	}
}

func TestUnreadableMessageWithSeveralInFlightSaysAReplyMayBeLost(t *testing.T) {
	perr := make(chan error, 1)
	c, peer := connect(t, qmp.Options{OnProtocolError: func(err error) { perr <- err }})
	a := goDo(c, ctxT(t), qmp.Request{Command: "a"})
	b := goDo(c, ctxT(t), qmp.Request{Command: "b"})
	ra, rb := peer.ReadRequest(), peer.ReadRequest()
	peer.Write("{\"return\": \"\x00\"}\r\n")
	if err := <-perr; !strings.Contains(err.Error(), "invalid JSON") || !strings.Contains(err.Error(), "2 requests in flight") {
		t.Errorf("protocol error = %v, want it to say a reply of the 2 requests in flight may be lost", err)
	}
	// Neither was failed: which one lost its reply cannot be told.
	peer.Reply(ra, "1")
	peer.Reply(rb, "2")
	for _, ch := range []<-chan doResult{a, b} {
		if res := <-ch; res.err != nil {
			t.Errorf("err = %v", res.err)
		}
	}
}

func TestMessagesAreNumberedInWireOrder(t *testing.T) {
	c, peer := connect(t, qmp.Options{})
	sub := c.Subscribe(qmp.SubscribeOptions{})
	done := goDo(c, ctxT(t), qmp.Request{Command: "cont"})
	r := peer.Expect("cont")
	peer.Write(qmptest.EventLine("RESUME", "") + qmptest.ReplyLine(r, "{}") + qmptest.EventLine("STOP", ""))
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	before, err := sub.Next(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	after, err := sub.Next(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if !(before.Seq < res.resp.Seq && res.resp.Seq < after.Seq) || before.Seq == 0 {
		t.Errorf("RESUME #%d, reply #%d, STOP #%d: want wire order, numbered from 1", before.Seq, res.resp.Seq, after.Seq)
	}
}
