package complete_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/livevalues"
	"github.com/qmpdash/qmpdash/docs/docstest"
)

// bigVM answers the live queries at once, as a VM with 500 block nodes
// (each with 4 dirty bitmaps), 100 block devices and a QOM object of 500
// children would.
type bigVM struct{}

func (bigVM) Ready() bool { return true }

func (bigVM) Poll(_ context.Context, command string, _ json.RawMessage) (json.RawMessage, error) {
	var items []string
	switch command {
	case "query-named-block-nodes":
		for i := range 500 {
			items = append(items, fmt.Sprintf(`{"node-name":"node%03d","dirty-bitmaps":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"}]}`, i))
		}
	case "query-block":
		for i := range 100 {
			items = append(items, fmt.Sprintf(`{"device":"drive%d","qdev":"/machine/peripheral/vd%d/virtio-backend"}`, i, i))
		}
	case "qom-list":
		for i := range 500 {
			items = append(items, fmt.Sprintf(`{"name":"device[%d]","type":"child<virtio-blk-pci>"}`, i))
		}
	}
	return json.RawMessage("[" + strings.Join(items, ",") + "]"), nil
}

// BenchmarkCompleteLive measures keystrokes completed from live values on
// the QEMU 10.0 schema: the cache read (values held, nothing fetched)
// plus ranking hundreds of values, which is what the UI goroutine pays;
// each must stay under a millisecond.
func BenchmarkCompleteLive(b *testing.B) {
	cache := livevalues.New(bigVM{})
	cache.Freshness = time.Hour
	e := complete.New(docstest.Schema(b, docstest.QEMU10), nil).WithLive(cache)
	cases := []struct{ name, line string }{
		{"device-empty", "blockdev-backup device="},
		{"device-prefix", "blockdev-backup device=node1"},
		{"node-fuzzy", "block_resize node-name=n42"},
		{"bitmap", "block-dirty-bitmap-remove node=node007 name="},
		{"qom-children", "qom-list path=/machine/unattached/"},
	}
	for _, c := range cases {
		deadline := time.Now().Add(10 * time.Second)
		for e.Complete(c.line, len(c.line)) == nil { // the first call fetches
			if time.Now().After(deadline) {
				b.Fatalf("%s: no live values", c.name)
			}
			time.Sleep(time.Millisecond)
		}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if e.Complete(c.line, len(c.line)) == nil {
					b.Fatal("no candidates")
				}
			}
		})
	}
}
