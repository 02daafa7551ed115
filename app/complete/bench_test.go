package complete

import (
	"testing"

	"github.com/qmpdash/qmpdash/docs"
)

// BenchmarkComplete measures typical keystrokes on the QEMU 10.0 schema;
// each must stay well under a millisecond.
func BenchmarkComplete(b *testing.B) {
	e := loadEngine(b, fixture100)
	cases := []struct{ name, line string }{
		{"command-prefix", "q|"},
		{"command-empty", "|"},
		{"fuzzy", "bdadd|"},
		{"arguments", "blockdev-add driver=qcow2 |"},
		{"nested", "blockdev-add driver=qcow2 file.|"},
		{"nested-variant", "blockdev-add driver=qcow2 file.driver=file file.|"},
		{"enum-value", "blockdev-add driver=|"},
		{"bool-value", "blockdev-add driver=qcow2 read-only=|"},
		{"action", "transaction( abort ; block|"},
		{"action-args", "transaction( abort ; blockdev-snapshot-sync device=d0 |"},
	}
	for _, c := range cases {
		text, cursor := at(b, c.line)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if e.Complete(text, cursor) == nil {
					b.Fatal("no candidates")
				}
			}
		})
	}
	b.Run("events", func(b *testing.B) {
		for b.Loop() {
			e.Events("BLOCK_JOB_*")
		}
	})
}

// BenchmarkNew measures the preparation done once per connection.
func BenchmarkNew(b *testing.B) {
	s, err := docs.ParseSchema(loadFixture(b, fixture100).Schema)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		New(s, nil)
	}
}
