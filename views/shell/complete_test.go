package shell

import (
	"testing"

	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/docs/docstest"
)

func TestCompleterExtendsTheWord(t *testing.T) {
	c := completer{complete.New(docstest.Schema(t, docstest.QEMU72), nil)}
	tests := []struct {
		line    string
		want    string // one of the suffixes
		wantLen int
	}{
		{"query-sta", "tus", 9},
		{"block_resize dev", "ice=", 3},
		{"blockdev-add driver=qco", "w2", 3},
	}
	for _, tt := range tests {
		got, n := c.Do([]rune(tt.line), len([]rune(tt.line)))
		found := false
		for _, s := range got {
			found = found || string(s) == tt.want
		}
		if !found || n != tt.wantLen {
			t.Errorf("%q: suffixes %q (len %d), want %q (len %d)", tt.line, got, n, tt.want, tt.wantLen)
		}
	}
}
