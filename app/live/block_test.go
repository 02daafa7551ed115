package live

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tidwall/gjson"
)

// blockstats is a query-blockstats reply: a virtio disk whose qcow2 node
// sits on a file node and has a backing image, with wr bytes and ops.
func blockstats(wrBytes, wrOps int) string {
	stats := func(wb, wo int) string {
		return fmt.Sprintf(`{"rd_bytes": 0, "wr_bytes": %d, "rd_operations": 0, "wr_operations": %d, "failed_rd_operations": 0, "failed_wr_operations": 2}`, wb, wo)
	}
	return `[{"device": "", "qdev": "/machine/peripheral/vd0/virtio-backend", "node-name": "disk0", "stats": ` + stats(wrBytes, wrOps) + `,
		"parent": {"node-name": "disk0-file", "stats": ` + stats(wrBytes, wrOps) + `},
		"backing": {"node-name": "base", "stats": ` + stats(0, 0) + `}},
	 {"device": "cd0", "stats": ` + stats(0, 0) + `}]`
}

const namedNodes = `[
	{"node-name": "disk0", "drv": "qcow2", "ro": false, "file": "/img/d.qcow2", "image": {"virtual-size": 67108864}, "cache": {"writeback": true, "direct": true, "no-flush": false},
	 "dirty-bitmaps": [{"name": "b0", "granularity": 65536, "count": 0}, {"name": "b1", "granularity": 65536, "count": 4096}]},
	{"node-name": "disk0-file", "drv": "file", "ro": false, "file": "/img/d.qcow2", "cache": {"writeback": true, "direct": false, "no-flush": false}},
	{"node-name": "base", "drv": "qcow2", "ro": true, "file": "/img/base.qcow2"},
	{"node-name": "copy", "drv": "raw", "ro": false, "file": "/img/copy.raw"}]`

const blockDevicesReply = `[{"device": "", "qdev": "/machine/peripheral/vd0/virtio-backend",
	"inserted": {"node-name": "disk0", "group": "/machine/peripheral/vd0/virtio-backend", "bps": 0, "bps_rd": 0, "bps_wr": 1048576, "iops": 0, "iops_rd": 0, "iops_wr": 0}},
	{"device": "cd0", "qdev": "/machine/peripheral-anon/device[1]"}]`

func blockUpdate(tb *Table, at time.Time, wrBytes, wrOps int) {
	tb.Update("vm1", []json.RawMessage{json.RawMessage(blockstats(wrBytes, wrOps)), json.RawMessage(namedNodes), json.RawMessage(blockDevicesReply)}, at)
}

func TestBlockViewIsATreeWithRates(t *testing.T) {
	v := BlockView()
	tb := NewTable(v)
	t0 := time.Unix(1700000000, 0)
	blockUpdate(tb, t0, 0, 0)
	blockUpdate(tb, t0.Add(2*time.Second), 4<<20, 100)
	col := func(name string) int { return columnIndex(t, v.Columns, name) }
	var got []string
	for _, r := range tb.Rows() {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%s|%s", r.Cells[col("NODE")].Text, r.Cells[col("DRIVER")].Text, r.Cells[col("SIZE")].Text, r.Cells[col("CACHE")].Text,
			r.Cells[col("BITMAPS")].Text, r.Cells[col("THROTTLE")].Text, r.Cells[col("WRITE")].Text, r.Cells[col("W OPS")].Text, r.Cells[col("ERR W")].Text))
	}
	want := []string{
		"vd0|||||vd0|||",
		"  disk0|qcow2|64.0 MiB|none|b0,b1||2.0 MiB/s|50/s|2",
		"    disk0-file (file)|file||writeback|||2.0 MiB/s|50/s|2",
		"    base (backing)|qcow2|||||0 B/s|0/s|2",
		"cd0||||||||",
		"copy|raw|||||||",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s := tb.Rows()[1].Cells[col("W TREND")].Series; len(s) != 1 || s[0] != 2<<20 {
		t.Errorf("the write trend = %v", s)
	}
}

func TestBlockActionLines(t *testing.T) {
	v := BlockView()
	tb := NewTable(v)
	blockUpdate(tb, time.Unix(1700000000, 0), 0, 0)
	rows := tb.Rows()
	device, disk, file := rows[0], rows[1], rows[2]
	for _, c := range []struct {
		action string
		row    Row
		want   string
	}{
		{"resize", disk, "block_resize node-name=disk0 size="},
		{"bitmap-add", file, "block-dirty-bitmap-add node=disk0-file name="},
		{"bitmap-clear", disk, "block-dirty-bitmap-clear node=disk0 name=b0"},
		{"backup", disk, "blockdev-backup device=disk0 target= sync=full"},
		{"mirror", file, "blockdev-mirror device=disk0-file target= sync=full"},
		{"throttle", device, "block_set_io_throttle id=/machine/peripheral/vd0/virtio-backend bps=0 bps_rd=0 bps_wr=1048576 iops=0 iops_rd=0 iops_wr=0"},
	} {
		a, _ := v.Action(c.action)
		if line, err := a.Line(c.row); err != nil || line != c.want {
			t.Errorf("%s: %q, %v; want %q", c.action, line, err, c.want)
		}
	}
	for _, c := range []struct {
		action string
		row    Row
	}{{"resize", device}, {"throttle", disk}, {"bitmap-clear", file}} {
		a, _ := v.Action(c.action)
		if _, err := a.Line(c.row); err == nil || !strings.Contains(err.Error(), "not for this row") {
			t.Errorf("%s on %s: %v, want a refusal", c.action, c.row.Key, err)
		}
	}
}

func TestCacheModes(t *testing.T) {
	for flags, want := range map[string]string{
		`{"writeback": true, "direct": false, "no-flush": false}`:  "writeback",
		`{"writeback": true, "direct": true, "no-flush": false}`:   "none",
		`{"writeback": false, "direct": false, "no-flush": false}`: "writethrough",
		`{"writeback": false, "direct": true, "no-flush": false}`:  "directsync",
		`{"writeback": true, "direct": false, "no-flush": true}`:   "unsafe",
	} {
		if got := cacheMode(gjson.Parse(flags)); got != want {
			t.Errorf("cacheMode(%s) = %s, want %s", flags, got, want)
		}
	}
}
