package livevalues

import (
	"slices"
	"testing"

	"github.com/qmpdash/qmpdash/app/complete"
)

// TestParse reads each query's reply (shapes as QEMU 7.2 sends them).
func TestParse(t *testing.T) {
	cases := []struct {
		q     query
		reply string
		want  []string
	}{
		{block, `[{"device":"ide0-hd0","qdev":"/machine/unattached/device[20]","inserted":{"node-name":"#block123"}},{"device":"","qdev":"vd0"}]`,
			[]string{"ide0-hd0", "/machine/unattached/device[20]", "vd0"}},
		{jobs, `[{"id":"backup0","type":"backup","status":"running"}]`, []string{"backup0"}},
		{chardevs, `[{"label":"serial0","filename":"pty:/dev/pts/3","frontend-open":true}]`, []string{"serial0"}},
		{qomList, `[{"name":"type","type":"string"},{"name":"machine","type":"child<container>"},{"name":"link0","type":"link<qemu:memory-region>"}]`,
			[]string{"/machine/", "/link0/"}},
		{peripherals, `[{"name":"type","type":"string"},{"name":"vd0","type":"child<virtio-blk-pci>"},{"name":"nic0","type":"child<e1000e>"}]`,
			[]string{"vd0", "nic0"}},
		{fdsets, `[{"fdset-id":3,"fds":[{"fd":25,"opaque":"disk"}]},{"fdset-id":0,"fds":[]}]`, []string{"3", "0"}},
	}
	for _, c := range cases {
		v, err := parse(c.q, "/", []byte(c.reply))
		if got := v.names.Strings(); err != nil || !slices.Equal(got, c.want) {
			t.Errorf("parse(%s) = %q, %v; want %q", fetch{query: c.q}.command(), got, err, c.want)
		}
	}
	if _, err := parse(jobs, "", []byte(`{}`)); err == nil {
		t.Error("an object reply parsed")
	}
	v, _ := parse(namedBlockNodes, "", []byte(nodesReply))
	if got := v.of(complete.Bitmap, "").Strings(); !slices.Equal(got, []string{"bm0", "bm1"}) {
		t.Errorf("bitmaps of all nodes: %q", got)
	}
}

// TestQOMArgs sends the parent path without its trailing slash.
func TestQOMArgs(t *testing.T) {
	for path, want := range map[string]string{"/": `{"path":"/"}`, "/machine/": `{"path":"/machine"}`} {
		if got := string(fetch{qomList, path}.args()); got != want {
			t.Errorf("args of %q = %s, want %s", path, got, want)
		}
	}
}
