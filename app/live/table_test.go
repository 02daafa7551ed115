package live

import (
	"encoding/json"
	"math"
	"testing"
	"time"
)

func TestRateMath(t *testing.T) {
	for _, c := range []struct {
		before, after float64
		elapsed       time.Duration
		want          float64
	}{
		{0, 1 << 20, time.Second, 1 << 20},
		{100, 300, 2 * time.Second, 100},
		{100, 100, time.Second, 0},
		{500, 100, time.Second, math.NaN()}, // went back: a restarted counter
		{0, 100, 0, math.NaN()},
	} {
		got := RateOf(c.before, c.after, c.elapsed)
		if got != c.want && !(math.IsNaN(got) && math.IsNaN(c.want)) {
			t.Errorf("RateOf(%v, %v, %v) = %v, want %v", c.before, c.after, c.elapsed, got, c.want)
		}
	}
	for _, c := range []struct {
		done, total, rate float64
		want              time.Duration
		ok                bool
	}{
		{250, 1000, 75, 10 * time.Second, true},
		{0, 64 << 20, 1 << 20, 64 * time.Second, true},
		{1000, 1000, 10, 0, true},
		{1200, 1000, 10, 0, true}, // past the total (a migration's dirty pages)
		{10, 1000, 0, 0, false},
		{10, 1000, math.NaN(), 0, false},
		{10, 0, 5, 0, false},
	} {
		got, ok := TimeLeft(c.done, c.total, c.rate)
		if got != c.want || ok != c.ok {
			t.Errorf("TimeLeft(%v, %v, %v) = %v, %v, want %v, %v", c.done, c.total, c.rate, got, ok, c.want, c.ok)
		}
	}
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{950 * time.Millisecond, "950ms"}, {42 * time.Second, "42s"}, {187 * time.Second, "3m07s"}, {125 * time.Minute, "2h05m"},
	} {
		if got := FormatDuration(c.d); got != c.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// update feeds the jobs table one refresh.
func update(tb *Table, at time.Time, jobs, block string) {
	tb.Update("vm1", []json.RawMessage{json.RawMessage(jobs), json.RawMessage(block)}, at)
}

func TestTableRatesETAAndGoneRows(t *testing.T) {
	tb := NewTable(JobsView())
	t0 := time.Unix(1700000000, 0)
	job := func(done int) string {
		b, _ := json.Marshal([]map[string]any{{"id": "m0", "type": "mirror", "status": "running", "current-progress": done, "total-progress": 4 << 20}})
		return string(b)
	}
	update(tb, t0, job(0), `[{"device": "m0", "speed": 1048576}, {"device": "other"}]`)
	cols := JobsView().Columns
	cell := func(name string) Cell { return tb.Rows()[0].Cells[columnIndex(t, cols, name)] }
	if c := cell("RATE"); c.Text != "" {
		t.Errorf("rate after one sample = %q, want none", c.Text)
	}
	update(tb, t0.Add(2*time.Second), job(2<<20), `[]`)
	if got := cell("RATE").Text; got != "1.0 MiB/s" {
		t.Errorf("rate = %q", got)
	}
	if got := cell("ETA").Text; got != "2s" {
		t.Errorf("ETA = %q", got)
	}
	if c := cell("PROGRESS"); !c.HasFraction || c.Fraction != 0.5 || c.Text != "50%" {
		t.Errorf("progress = %+v", c)
	}
	if got := cell("SPEED").Text; got != "" {
		t.Errorf("speed after query-block-jobs lost the job = %q", got)
	}
	if n := len(tb.Rows()); n != 1 {
		t.Fatalf("%d rows: an optional query's element made a row", n)
	}
	update(tb, t0.Add(3*time.Second), `[]`, `[]`)
	r := tb.Rows()[0]
	if !r.Gone || !r.Finished || cell("RATE").Text != "" || cell("PROGRESS").Text != "50%" {
		t.Fatalf("the ended job's row = %+v", r)
	}
	dismiss, _ := JobsView().Action("dismiss")
	cancel, _ := JobsView().Action("cancel")
	if !dismiss.Allows(r) || cancel.Allows(r) {
		t.Fatal("an ended job must offer dismiss (forget) only")
	}
	tb.Forget("vm1", "m0")
	if n := len(tb.Rows()); n != 0 {
		t.Fatalf("%d rows after Forget", n)
	}
}

func TestActionLines(t *testing.T) {
	row := Row{Status: "running", Data: []byte(`{"vm": "a", "job": {"id": "mirror 0", "status": "running"}, "block": {"speed": 1024}}`)}
	v := JobsView()
	for _, c := range []struct {
		action, want string
		allowed      bool
	}{
		{"cancel", `job-cancel id="mirror 0"`, true},
		{"pause", `job-pause id="mirror 0"`, true},
		{"set-speed", `block-job-set-speed device="mirror 0" speed=1024`, true},
		{"resume", `job-resume id="mirror 0"`, false},
		{"complete", `job-complete id="mirror 0"`, false},
		{"finalize", `job-finalize id="mirror 0"`, false},
		{"dismiss", `job-dismiss id="mirror 0"`, false},
	} {
		a, ok := v.Action(c.action)
		if !ok {
			t.Fatalf("no action %s", c.action)
		}
		line, err := a.Line(row)
		if err != nil || line != c.want {
			t.Errorf("%s: %q, %v; want %q", c.action, line, err, c.want)
		}
		if a.Allows(row) != c.allowed {
			t.Errorf("%s allowed = %v for a running job", c.action, !c.allowed)
		}
	}
	noSpeed := Row{Status: "running", Data: []byte(`{"job": {"id": "j"}}`)}
	if _, err := JobsView().Actions[2].Line(noSpeed); err == nil {
		t.Error("set-speed on a job with no block part made a line")
	}
}

func TestMigrationCells(t *testing.T) {
	tb := NewTable(MigrationView())
	t0 := time.Unix(1700000000, 0)
	m := func(transferred int) json.RawMessage {
		b, _ := json.Marshal(map[string]any{"status": "active", "expected-downtime": 300, "setup-time": 12, "total-time": 61500,
			"ram": map[string]any{"transferred": transferred, "total": 256 << 20, "remaining": 128 << 20, "dirty-pages-rate": 256, "page-size": 4096, "dirty-sync-count": 2}})
		return b
	}
	for i := range 3 {
		tb.Update("src", []json.RawMessage{m(i * (16 << 20))}, t0.Add(time.Duration(i)*time.Second))
	}
	tb.Update("dst", []json.RawMessage{json.RawMessage(`{"status": "active"}`)}, t0)
	rows := tb.Rows()
	if len(rows) != 2 || rows[0].VM != "dst" || rows[1].VM != "src" {
		t.Fatalf("rows = %+v", rows)
	}
	cols := MigrationView().Columns
	want := map[string]string{"STATUS": "active", "PROGRESS": "50%", "THROUGHPUT": "16.0 MiB/s", "REMAINING": "128.0 MiB",
		"DIRTY": "1.0 MiB/s", "DOWNTIME": "300ms", "PASSES": "2", "SETUP": "12ms", "TOTAL": "1m01s"}
	for name, w := range want {
		if got := rows[1].Cells[columnIndex(t, cols, name)].Text; got != w {
			t.Errorf("%s = %q, want %q", name, got, w)
		}
	}
	if s := rows[1].Cells[columnIndex(t, cols, "LAST MINUTE")].Series; len(s) != 2 || s[1] != 16<<20 {
		t.Errorf("trend = %v", s)
	}
	if got := rows[0].Cells[columnIndex(t, cols, "PROGRESS")].Text; got != "" {
		t.Errorf("destination progress = %q, want none", got)
	}
}
