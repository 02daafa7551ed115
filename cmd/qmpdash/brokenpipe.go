package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/sys/unix"
)

// errReaderGone ends a command whose output pipe lost its reader.
var errReaderGone = errors.New("the reader of the output went away")

// endOnBrokenPipe makes a closed output pipe the command's normal end. A
// write to it fails with EPIPE instead of killing the process with
// SIGPIPE, and when out is a pipe or a socket, the returned context ends as
// soon as its reader goes away, even while nothing is being written (a
// quiet monitor piped into head).
func endOnBrokenPipe(ctx context.Context, out io.Writer) context.Context {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	f, ok := out.(*os.File)
	if !ok {
		return ctx
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&(os.ModeNamedPipe|os.ModeSocket) == 0 {
		return ctx
	}
	ctx, cancel := context.WithCancelCause(ctx)
	go func() {
		// Asking for no events still reports POLLERR, which a pipe's
		// writing end gets when the last reader closes. The goroutine
		// lives as long as the process.
		fds := []unix.PollFd{{Fd: int32(f.Fd())}}
		n, err := unix.Poll(fds, -1)
		for errors.Is(err, unix.EINTR) {
			n, err = unix.Poll(fds, -1)
		}
		if err == nil && n > 0 && fds[0].Revents&(unix.POLLERR|unix.POLLHUP) != 0 {
			cancel(errReaderGone)
		}
	}()
	return ctx
}
