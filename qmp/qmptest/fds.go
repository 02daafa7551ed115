package qmptest

import (
	"bytes"
	"errors"
	"os"
	"syscall"
)

// readLine reads up to '\n' with recvmsg, so descriptors sent alongside
// (SCM_RIGHTS) are collected into p.Files. Bytes past the newline stay in
// p.pending for the next call.
func (p *Peer) readLine() (string, error) {
	for {
		if i := bytes.IndexByte(p.pending, '\n'); i >= 0 {
			line := bytes.TrimRight(p.pending[:i], "\r")
			p.pending = p.pending[i+1:]
			return string(line), nil
		}
		data := make([]byte, 64<<10)
		oob := make([]byte, syscall.CmsgSpace(16*4))
		n, oobn, _, _, err := p.conn.ReadMsgUnix(data, oob)
		if err != nil {
			return "", err
		}
		if n == 0 {
			return "", errors.New("connection closed")
		}
		if err := p.collectFiles(oob[:oobn]); err != nil {
			return "", err
		}
		p.pending = append(p.pending, data[:n]...)
	}
}

func (p *Peer) collectFiles(oob []byte) error {
	if len(oob) == 0 {
		return nil
	}
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return err
	}
	for _, m := range msgs {
		fds, err := syscall.ParseUnixRights(&m)
		if err != nil {
			return err
		}
		for _, fd := range fds {
			p.Files = append(p.Files, os.NewFile(uintptr(fd), "passed-fd"))
		}
	}
	return nil
}
