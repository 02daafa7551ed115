package share

import (
	"context"
	"errors"
	"net"
	"sync"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
)

// DefaultQueue is how many messages (replies and events) a client may
// leave unread before it is disconnected.
const DefaultQueue = 4096

// Options tune Serve; the zero value is the usual choice.
type Options struct {
	// Path is the socket to serve (default: SocketPath of the session's
	// address).
	Path string
	// Queue is how many messages a client may leave unread (default
	// DefaultQueue).
	Queue int
}

// Serve shares s's monitor on its socket until ctx ends, then closes every
// client and removes the socket. It blocks; a failure to serve (a
// directory that is not private, another dashboard sharing the same
// monitor) becomes a warning in s's messages, and Serve returns.
func Serve(ctx context.Context, s *session.Session, opts Options) {
	if opts.Path == "" {
		opts.Path = SocketPath(s.State().Addr)
	}
	if opts.Queue <= 0 {
		opts.Queue = DefaultQueue
	}
	ln, err := listen(opts.Path)
	if err != nil {
		s.Notices.Add(store.Warning, "the monitor is not shared: "+err.Error())
		return
	}
	srv := &server{s: s, queue: opts.Queue, clients: map[*client]bool{}}
	s.Notices.Add(store.Info, "other clients can reach this monitor at "+opts.Path)
	stop := s.Watch(session.Watcher{Events: srv.fanOut, Disconnected: srv.closeAll})
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	srv.accept(ln)
	stop()
	srv.closeAll()
	srv.wg.Wait()
}

// server is one session's shared socket and its clients.
type server struct {
	s     *session.Session
	queue int
	seq   atomic.Uint64 // numbers the clients: #1, #2...
	wg    sync.WaitGroup

	mu      sync.Mutex
	clients map[*client]bool
}

// accept serves each client that connects until the listener closes.
func (srv *server) accept(ln *net.UnixListener) {
	for {
		conn, err := ln.AcceptUnix()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				srv.s.Notices.Add(store.Warning, "the shared monitor stopped: "+err.Error())
			}
			return
		}
		c := newClient(srv, conn)
		srv.mu.Lock()
		srv.clients[c] = true
		srv.mu.Unlock()
		srv.wg.Add(1)
		go func() {
			defer srv.wg.Done()
			c.serve()
		}()
	}
}

// fanOut queues a batch of the session's events for every client that
// has negotiated. It runs on the session's reader and never blocks.
func (srv *server) fanOut(batch []qmp.Event) {
	for _, c := range srv.current() {
		if !c.negotiated.Load() {
			continue
		}
		for _, ev := range batch {
			if !ev.IsGap() && !c.enqueue(ev.Raw) {
				break
			}
		}
	}
}

// current is the connected clients.
func (srv *server) current() []*client {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	out := make([]*client, 0, len(srv.clients))
	for c := range srv.clients {
		out = append(out, c)
	}
	return out
}

// forget drops a client that closed.
func (srv *server) forget(c *client) {
	srv.mu.Lock()
	delete(srv.clients, c)
	srv.mu.Unlock()
}

// closeAll disconnects every client: at the end, and when the session's
// connection ends, as the monitor's own clients would be.
func (srv *server) closeAll() {
	for _, c := range srv.current() {
		c.close()
	}
}
