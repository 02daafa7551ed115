package views

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/qom"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/widget"
)

// qomBenchChildren is the size of the object the benchmark expands.
const qomBenchChildren = 500

// BenchmarkQOMExpand500 expands a QOM object of 500 children (250 child
// objects, 250 properties) answered by a fake server over a UNIX socket:
// receive is qom-list's round trip into the model (app/qom), render the
// first frame of the browser after the reply (the rows laid out and drawn
// on a 200x50 screen, the values on screen queued). Budget: render ≤ 50
// ms.
func BenchmarkQOMExpand500(b *testing.B) {
	var list strings.Builder
	list.WriteString("[")
	for i := range qomBenchChildren {
		if i > 0 {
			list.WriteString(",")
		}
		typ := "child<memory-region>"
		if i%2 == 1 {
			typ = "uint64"
		}
		fmt.Fprintf(&list, `{"name":"node-%03d","type":%q}`, i, typ)
	}
	list.WriteString("]")
	c := benchClient(b, func(r qmptest.Request) string { return qmptest.ReplyLine(r, list.String()) })
	screen := tcell.NewSimulationScreen("UTF-8")
	if err := screen.Init(); err != nil {
		b.Fatal(err)
	}
	screen.SetSize(200, 50)

	var receive, render time.Duration
	for b.Loop() {
		m := qom.New(session.ClientPoller{Client: c}, qom.Limits{}, nil)
		br := newQOMBrowser(m, widget.DefaultTheme())
		br.SetRect(0, 0, 200, 50)
		t0 := time.Now()
		if err := m.Load(context.Background(), "/"); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		br.Draw(screen)
		t2 := time.Now()
		if got := len(m.Rows()); got != qomBenchChildren+1 {
			b.Fatalf("%d rows, want %d", got, qomBenchChildren+1)
		}
		receive += t1.Sub(t0)
		render += t2.Sub(t1)
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) / float64(b.N) }
	b.ReportMetric(ms(receive), "receive-ms")
	b.ReportMetric(ms(render), "render-ms")
}
