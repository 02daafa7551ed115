package history

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestHistoryWriterKeepsOrder(t *testing.T) {
	h := File{Path: filepath.Join(t.TempDir(), "history")}
	w := NewWriter(h)
	for _, l := range []string{"a", "b", "c"} {
		w.Add(l)
	}
	w.Close()
	got, err := h.Load()
	if err != nil || strings.Join(got, ",") != "a,b,c" {
		t.Fatalf("history %q, %v", got, err)
	}
}
