package qmp

import (
	"io"
	"sync/atomic"
	"time"
)

// activityReader notes when bytes last came from the server, so that a
// server in the middle of a long message (64 MiB take seconds) counts as
// alive before the message is whole.
type activityReader struct {
	r    io.Reader
	last atomic.Int64 // UnixNano of the last read that returned bytes
}

func newActivityReader(r io.Reader) *activityReader {
	a := &activityReader{r: r}
	a.last.Store(time.Now().UnixNano())
	return a
}

func (a *activityReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if n > 0 {
		a.last.Store(time.Now().UnixNano())
	}
	return n, err
}

// LastRead is when bytes last arrived from the server, a whole message or
// a part of one; before any, when the connection began.
func (c *Client) LastRead() time.Time { return time.Unix(0, c.activity.last.Load()) }
