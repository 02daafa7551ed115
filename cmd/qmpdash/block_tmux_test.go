//go:build linux

package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/guest"
	"github.com/qmpdash/qmpdash/app/guest/guesttest"
	"github.com/qmpdash/qmpdash/app/live"
)

// TestBrowseGuestInTmux browses a real Linux guest that writes its qcow2
// disk, in a 200x50 terminal: the block view shows the device, its
// nodes and disk0's write rate moving; the QOM browser shows vd0 under
// /machine/peripheral and its properties; completing blockdev-backup
// device= offers the block nodes.
func TestBrowseGuestInTmux(t *testing.T) {
	g := guesttest.Start(t, guest.Machine{Workload: guest.WorkloadDisk, Extra: qcow2Disk(t)}, false)
	tm := startTmux(t, binary(t), g.Socket)
	tm.resize(200, 50)
	tm.waitText("● connected")
	// The guest waits (-S) for the dashboard: the user starts it.
	tm.keys("cont", "Enter")
	tm.waitText("RESUME")
	g.WaitReady(t)

	tm.keys("Escape") // alone: a key right behind it would arrive as Alt+key
	tm.waitText("╔")
	tm.keys("B")
	tm.waitFor("the block view's nodes", func(s string) bool {
		return blockRow(s, "disk0") != "" && blockRow(s, "disk0-file (file)") != ""
	})
	rate := func(s string) string { return cell(live.BlockView(), blockHeader(s), blockRow(s, "disk0"), "WRITE") }
	first := rate(tm.waitWithin(guesttest.BootTimeout, "disk0 written", func(s string) bool { return rateNumber(rate(s)) > 0 }))
	tm.waitWithin(guesttest.BootTimeout, "disk0's write rate changing from "+first, func(s string) bool {
		r := rate(s)
		return rateNumber(r) > 0 && r != first
	})
	tm.keys("Escape")
	tm.waitFor("the block view closed", func(s string) bool { return !strings.Contains(s, "Block graph") })

	// The QOM browser: /machine, then /machine/peripheral expanded, then
	// vd0 expanded; the search goes to its drive property.
	tm.keys("Q")
	tm.waitText("▸ machine  child<pc-q35-")
	tm.qomGoTo("/machine")
	tm.keys("Enter")
	tm.waitText("▸ peripheral  child<container>")
	tm.qomGoTo("/machine/peripheral")
	tm.keys("Enter")
	tm.waitText("▸ vd0  child<virtio-blk-pci>")
	tm.qomGoTo("/machine/peripheral/vd0")
	tm.keys("Enter")
	tm.waitFor("vd0's children and properties", func(s string) bool {
		return strings.Contains(s, "▾ vd0  child<virtio-blk-pci>") && strings.Contains(s, "▸ virtio-backend  child<virtio-blk-device>") &&
			strings.Contains(s, `parent_bus  link<bus> = "/machine/q35/pcie.0"`)
	})
	tm.keys("/")
	tm.keys("drive", "Enter")
	tm.waitFor("vd0's drive", func(s string) bool {
		return strings.Contains(s, "QOM · /machine/peripheral/vd0/drive ") && strings.Contains(s, `drive  str = "disk0"`)
	})
	tm.keys("Escape")
	tm.waitFor("the QOM browser closed", func(s string) bool { return !strings.Contains(s, "QOM · ") })

	// Completion offers the VM's block nodes for device=.
	tm.keys(":")
	tm.keys("blockdev-backup device=")
	tm.waitText("> blockdev-backup device=")
	tm.keys("Tab")
	tm.waitFor("the block nodes offered", func(s string) bool {
		return completionOffers(s, "disk0") && completionOffers(s, "disk0-file")
	})
}

// resize makes the tmux window w columns by h rows, and waits until the
// dashboard draws at that width.
func (tm *tmux) resize(w, h int) {
	tm.t.Helper()
	if out, err := exec.Command("tmux", "-L", tm.socket, "resize-window", "-x", strconv.Itoa(w), "-y", strconv.Itoa(h)).CombinedOutput(); err != nil {
		tm.t.Fatalf("tmux resize-window: %v\n%s", err, out)
	}
	tm.waitFor(fmt.Sprintf("a %dx%d screen", w, h), func(s string) bool {
		lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
		return len(lines) == h && len([]rune(lines[0])) == w
	})
}

// qomGoTo moves the QOM browser's cursor down until it is on path, one
// row at a time, each move seen in the title before the next.
func (tm *tmux) qomGoTo(path string) {
	tm.t.Helper()
	title := regexp.MustCompile(`QOM · (\S+) `)
	at := func(s string) string {
		if m := title.FindStringSubmatch(s); m != nil {
			return m[1]
		}
		return ""
	}
	for range 40 {
		cur := at(tm.screen())
		if cur == path {
			return
		}
		tm.keys("Down")
		tm.waitFor("the QOM cursor to move from "+cur, func(s string) bool { return at(s) != cur })
	}
	tm.t.Fatalf("the QOM cursor did not reach %s:\n%s", path, tm.screen())
}

// blockHeader is the block view's header line.
func blockHeader(screen string) string {
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "NODE") && strings.Contains(line, "W TREND") {
			return line
		}
	}
	return ""
}

// blockRow is the block view's line whose NODE cell is node, or "".
func blockRow(screen, node string) string {
	header := blockHeader(screen)
	for _, line := range strings.Split(screen, "\n") {
		if header != "" && cell(live.BlockView(), header, line, "NODE") == node {
			return line
		}
	}
	return ""
}

// rateNumber is the number a rate starts with ("1.5 MiB/s": 1.5), -1
// when there is none.
func rateNumber(rate string) float64 {
	n, err := strconv.ParseFloat(strings.SplitN(rate, " ", 2)[0], 64)
	if err != nil || !strings.Contains(rate, " ") {
		return -1
	}
	return n
}

// completionOffers reports whether the completion popup has a row that
// is value, a live block value.
func completionOffers(screen, value string) bool {
	for _, line := range strings.Split(screen, "\n") {
		f := strings.Fields(strings.Trim(line, "│ "))
		if len(f) > 0 && strings.TrimLeft(f[0], "│") == value && strings.Contains(line, "live · block device") {
			return true
		}
	}
	return false
}
