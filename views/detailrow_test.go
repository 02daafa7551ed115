package views

import (
	"fmt"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/live"
	"github.com/qmpdash/qmpdash/views/widget"
)

// A live row refreshed while it is shown keeps the detail's scroll
// position (the block view's counters change every second); another row
// starts at the top.
func TestDetailKeepsItsPlaceWhileTheRowRefreshes(t *testing.T) {
	row := func(key string, n int) live.Row {
		members := make([]string, 30)
		for i := range members {
			members[i] = fmt.Sprintf(`"m%02d": %d`, i, n)
		}
		return live.Row{VM: "vm1", Key: key, Label: key, Data: []byte(`{"vm": "vm1", "stats": {` + strings.Join(members, ", ") + `}}`)}
	}
	d := NewDetailPane(widget.DefaultTheme())
	d.SetRect(0, 0, 40, 10)
	d.showRow("block", row("disk0", 1))
	d.Scroll(5)
	if d.TopLine() != 5 {
		t.Fatalf("scrolled to line %d, want 5", d.TopLine())
	}
	d.showRow("block", row("disk0", 2))
	if d.TopLine() != 5 {
		t.Errorf("the row's refresh moved the detail to line %d", d.TopLine())
	}
	d.showRow("block", row("disk0-file", 2))
	if d.TopLine() != 0 {
		t.Errorf("another row opened at line %d, want the top", d.TopLine())
	}
}
