package qmp

import (
	"context"
	"math/rand/v2"
	"strconv"
)

// syncToken picks the value guest-sync-delimited must echo; never 0, so a
// stale {"return": 0} cannot pass for it.
func syncToken() int64 { return rand.Int64N(1<<31-1) + 1 }

// syncGuestAgent resynchronises a qemu-ga stream: a 0xFF byte makes the
// agent drop any partial input, and guest-sync-delimited with a random token
// marks the point after which replies belong to us. Everything the agent
// sends before the reply carrying the token is stale and dropped.
// failure explains a missing sync reply; it gets the time waited.
func (c *Client) syncGuestAgent(hctx context.Context, failure string) error {
	c.mu.Lock()
	token, done := c.syncToken, c.syncDone
	c.mu.Unlock()

	frame := []byte("\xff" + `{"execute":"guest-sync-delimited","arguments":{"id":` + strconv.FormatInt(token, 10) + `}}`)
	if err := c.send(hctx, frame, nil, nil); err != nil {
		return &ConnError{Op: "sync", Addr: c.addr, Err: err}
	}
	select {
	case <-done:
		return nil
	case <-c.readerDone:
		return &ConnError{Op: "sync", Addr: c.addr, Err: c.Err()}
	case <-hctx.Done():
		return c.handshakeExpired("sync", hctx, failure)
	}
}

// armSync makes the reader drop everything up to the reply to our
// guest-sync-delimited. It is called before the reader reads any line.
func (c *Client) armSync() {
	c.mu.Lock()
	c.syncToken, c.syncDone = syncToken(), make(chan struct{})
	c.mu.Unlock()
}
