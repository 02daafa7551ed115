package transport

import (
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/qmp"
)

// AbsoluteAddress returns addr with a local socket's path made absolute
// against the working directory ("unix:" kept if given); TCP and remote
// addresses (ssh://, tls://) come back as they are.
func AbsoluteAddress(addr string) string {
	ep, err := qmp.ParseAddress(addr)
	if err != nil || ep.Network != "unix" {
		return addr
	}
	abs, err := filepath.Abs(ep.Address)
	if err != nil {
		return addr
	}
	if strings.HasPrefix(addr, "unix:") {
		return "unix:" + abs
	}
	return abs
}
