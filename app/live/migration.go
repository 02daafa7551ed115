package live

import "time"

// MigrationView is each VM's migration as query-migrate tells it: on the
// source its progress (the share of RAM no longer remaining), throughput, dirty-page rate and expected
// downtime; on the destination (incoming) its status. A VM with both ends
// in the dashboard shows both rows.
func MigrationView() *View {
	return &View{
		Name: "migration", Title: "Migration",
		Queries: []Query{{Command: "query-migrate", As: "m"}},
		Status:  "m.status", Finished: []string{"completed", "failed", "cancelled"},
		Columns: []Column{
			{Name: "VM", Path: "vm", Width: 10},
			{Name: "STATUS", Path: "m.status", Width: 10},
			{Name: "PROGRESS", Path: "m.ram.remaining", Total: "m.ram.total", Kind: ProgressLeft, Width: 20},
			{Name: "THROUGHPUT", Path: "m.ram.transferred", Kind: Rate, Width: 12},
			{Name: "LAST MINUTE", Path: "m.ram.transferred", Kind: Trend, Width: 20},
			{Name: "REMAINING", Path: "m.ram.remaining", Kind: Bytes, Width: 10},
			{Name: "DIRTY", Path: "m.ram.dirty-pages-rate", Total: "m.ram.page-size", Kind: PagesPerSec, Width: 12},
			{Name: "DOWNTIME", Path: "m.expected-downtime", Kind: Millis, Width: 8},
			{Name: "PASSES", Path: "m.ram.dirty-sync-count", Kind: Count, Width: 6},
			{Name: "SETUP", Path: "m.setup-time", Kind: Millis, Width: 6},
			{Name: "TOTAL", Path: "m.total-time", Kind: Millis, Width: 7},
		},
		Interval:   time.Second,
		Summarised: true,
		RefreshOn:  []string{"MIGRATION", "MIGRATION_PASS"},
	}
}
