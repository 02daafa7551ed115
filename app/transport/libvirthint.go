package transport

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/qmpdash/qmpdash/qmp"
)

// libvirtMonitorDirs are where libvirt's system daemon keeps the monitor
// sockets of the domains it runs; it holds each monitor's one connection.
var libvirtMonitorDirs = []string{"/var/lib/libvirt/qemu/", "/run/libvirt/qemu/"}

// libvirtDomainDir is the per-domain directory of current libvirt,
// "domain-ID-NAME" (NAME possibly shortened).
var libvirtDomainDir = regexp.MustCompile(`^domain-\d+-(.+)$`)

// libvirtHint says which libvirt address reaches the domain whose monitor
// socket addr names, "" when addr is not under libvirt's monitor
// directories. A client dialing such a socket directly never gets a
// greeting, because libvirt already holds the monitor.
func libvirtHint(addr string) string {
	ep, err := qmp.ParseAddress(addr)
	if err != nil || ep.Network != "unix" {
		return ""
	}
	path := filepath.Clean(ep.Address)
	for _, dir := range libvirtMonitorDirs {
		rest, ok := strings.CutPrefix(path, dir)
		if !ok {
			continue
		}
		name := "NAME"
		first, _, nested := strings.Cut(rest, "/")
		if m := libvirtDomainDir.FindStringSubmatch(first); nested && m != nil {
			name = m[1]
		} else if base, ok := strings.CutSuffix(first, ".monitor"); !nested && ok {
			name = base
		}
		return fmt.Sprintf("libvirt holds this monitor; reach the domain through libvirt instead: qmpdash libvirt:///system/%s (`virsh list` shows the full name if the directory shortened it)", name)
	}
	return ""
}
