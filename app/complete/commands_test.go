package complete

import (
	"slices"
	"testing"

	"github.com/qmpdash/qmpdash/docs"
)

// TestEveryCommandCompletes checks, for every command a monitor lists,
// that its full name completes to itself first and that a prefix of it
// offers it.
func TestEveryCommandCompletes(t *testing.T) {
	for _, name := range allFixtures {
		t.Run(name, func(t *testing.T) {
			f := loadFixture(t, name)
			e := loadEngine(t, name)
			for _, cmd := range commandNames(t, f) {
				cs := complete(t, e, cmd+"|")
				if len(cs) == 0 || cs[0].Display != cmd || cs[0].Kind != Command {
					t.Errorf("%q: first candidate %v, want the command itself", cmd, displays(cs))
				}
				prefix := cmd[:(len(cmd)+1)/2]
				if indexOf(complete(t, e, prefix+"|"), cmd) < 0 {
					t.Errorf("prefix %q does not offer %q", prefix, cmd)
				}
			}
		})
	}
}

// TestCommandRanking checks the order of fuzzy matches: exact, prefix,
// word-start subsequence, other subsequence; shorter first within a tier;
// deprecated commands after the others.
func TestCommandRanking(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line   string
		before [][2]string // pairs: first must rank above second
		first  string
	}{
		{line: "stop|", first: "stop"},
		{line: "q|", first: "quit", before: [][2]string{{"query-kvm", "query-status"}, {"query-status", "x-query-jit"}}},
		{line: "qs|", before: [][2]string{{"query-status", "x-query-virtio-status"}, {"query-status", "query-colo-status"}}},
		{line: "bdadd|", first: "blockdev-add", before: [][2]string{{"blockdev-add", "block-dirty-bitmap-add"}}},
		{line: "QUERY_STATUS|", first: "query-status"},
		{line: "block-resize|", first: "block_resize"},
		{line: "device-add|", first: "device_add"},
		// drive-backup is deprecated: after drive-mirror though shorter.
		{line: "drive|", first: "drive-mirror", before: [][2]string{{"drive-mirror", "drive-backup"}}},
		// prefix beats word-start, which beats any subsequence.
		{line: "status|", before: [][2]string{{"query-status", "query-colo-status"}}},
	}
	for _, tt := range tests {
		cs := complete(t, e, tt.line)
		if tt.first != "" && (len(cs) == 0 || cs[0].Display != tt.first) {
			t.Errorf("%q: first %v, want %q", tt.line, head(displays(cs)), tt.first)
		}
		for _, p := range tt.before {
			a, b := indexOf(cs, p[0]), indexOf(cs, p[1])
			if a < 0 || b < 0 || a > b {
				t.Errorf("%q: %q at %d, %q at %d; want both, the first before", tt.line, p[0], a, p[1], b)
			}
		}
	}
}

// head returns the first few names, for messages.
func head(names []string) []string {
	return names[:min(len(names), 5)]
}

// TestCommandTiers checks that every word-start match ranks above every
// plain subsequence match.
func TestCommandTiers(t *testing.T) {
	e := loadEngine(t, fixture100)
	cs := complete(t, e, "bda|")
	q := newQuery("bda")
	last := tierExact
	for _, c := range cs {
		got := q.match(fold(c.Display))
		if got < last {
			t.Fatalf("%q (tier %d) ranks after a tier %d match: %v", c.Display, got, last, displays(cs))
		}
		last = got
	}
	if last != tierSubsequence {
		t.Errorf("bda: no plain subsequence matches in %v", displays(cs))
	}
}

// TestCommandCandidate checks what a command candidate carries.
func TestCommandCandidate(t *testing.T) {
	e := loadEngine(t, fixture100)
	tests := []struct {
		line string
		want Candidate
	}{
		{"query-statu|s", Candidate{Text: "query-status", Display: "query-status", Kind: Command,
			Summary: "command · no arguments · returns object", Start: 0, End: 12}},
		{"  block_resiz|", Candidate{Text: "block_resize", Display: "block_resize", Kind: Command,
			Summary: "command · 3 args (1 required)", Start: 2, End: 13}},
		// '!' stays out of the span, so force survives completion.
		{"!blockdev-ad|", Candidate{Text: "blockdev-add", Display: "blockdev-add", Kind: Command,
			Summary: "command · 9 args (1 required) · more by driver", Start: 1, End: 12}},
		{"drive-backup|", Candidate{Text: "drive-backup", Display: "drive-backup", Kind: Command,
			Summary: "command · 17 args (3 required) · deprecated", Deprecated: true, End: 12}},
		{"x-query-jit|", Candidate{Text: "x-query-jit", Display: "x-query-jit", Kind: Command,
			Summary: "command · no arguments · returns object · unstable", Unstable: true, End: 11}},
		{"transac|", Candidate{Text: "transaction(", Display: "transaction", Kind: Command,
			Summary: "command · 2 args (1 required)", End: 7}},
		{"hm|", Candidate{Text: "hmp", Display: "hmp", Kind: Command,
			Summary: "HMP command line, sent with human-monitor-command", End: 2}},
	}
	for _, tt := range tests {
		cs := complete(t, e, tt.line)
		if len(cs) == 0 || cs[0] != tt.want {
			t.Errorf("%q: got\n%+v\nwant\n%+v", tt.line, first(cs), tt.want)
		}
	}
}

// first returns the first candidate or the zero one.
func first(cs []Candidate) Candidate {
	if len(cs) == 0 {
		return Candidate{}
	}
	return cs[0]
}

// TestEmptyPrefixListsAll checks that an empty command word offers every
// command and hmp, alphabetical with deprecated ones last.
func TestEmptyPrefixListsAll(t *testing.T) {
	e := loadEngine(t, fixture100)
	cs := complete(t, e, "|")
	s, _ := docs.ParseSchema(loadFixture(t, fixture100).Schema)
	if got, want := len(cs), len(s.Commands())+1; got != want {
		t.Fatalf("%d candidates, want %d", got, want)
	}
	n := len(cs)
	names := displays(cs)
	folded := make([]string, n)
	for i, name := range names {
		folded[i] = fold(name)
	}
	if !cs[n-1].Deprecated || cs[0].Deprecated || !slices.IsSorted(folded[:n-4]) || names[0] != "add_client" {
		t.Errorf("order: %v ... %v", head(names), names[n-4:])
	}
}

// TestMonitorsDiffer checks that each fixture offers its own commands:
// the storage daemon has no device_add and no HMP.
func TestMonitorsDiffer(t *testing.T) {
	tests := []struct {
		fixture string
		has     []string
		lacks   []string
	}{
		{fixture72, []string{"device_add", "hmp", "blockdev-add"}, nil},
		{fixture100, []string{"device_add", "hmp", "blockdev-add"}, nil},
		{fixtureQSD, []string{"blockdev-add", "block-export-add", "nbd-server-start"}, []string{"device_add", "hmp", "human-monitor-command"}},
	}
	for _, tt := range tests {
		e := loadEngine(t, tt.fixture)
		names := displays(complete(t, e, "|"))
		for _, n := range tt.has {
			if !slices.Contains(names, n) {
				t.Errorf("%s: %q not offered", tt.fixture, n)
			}
		}
		for _, n := range tt.lacks {
			if slices.Contains(names, n) {
				t.Errorf("%s: %q offered", tt.fixture, n)
			}
		}
		got := first(complete(t, e, "device_ad|")).Display == "device_add"
		if want := slices.Contains(tt.has, "device_add"); got != want {
			t.Errorf("%s: device_ad completes to device_add: %v, want %v", tt.fixture, got, want)
		}
	}
}

// TestFallbackSchema checks that names-only schemas complete command names
// and nothing else.
func TestFallbackSchema(t *testing.T) {
	f := loadFixture(t, fixture72)
	s, err := docs.SchemaFromCommandList(f.Commands)
	if err != nil {
		t.Fatal(err)
	}
	e := New(s, nil)
	if cs := complete(t, e, "query-statu|"); len(cs) == 0 || cs[0].Display != "query-status" ||
		cs[0].Summary != "command · arguments unknown" {
		t.Errorf("query-sta: %+v", first(cs))
	}
	if cs := complete(t, e, "hm|"); indexOf(cs, "hmp") < 0 {
		t.Errorf("hm: no hmp in %v", head(displays(cs)))
	}
	for _, line := range []string{"blockdev-add |", "blockdev-add driver=|", "blockdev-add file.|", "transaction( |"} {
		if cs := complete(t, e, line); len(cs) != 0 {
			t.Errorf("%q: %v, want nothing", line, head(displays(cs)))
		}
	}
	if cs := e.Events(""); len(cs) != 0 {
		t.Errorf("events of a fallback schema: %v", head(displays(cs)))
	}

	ga, err := docs.SchemaFromGuestInfo([]byte(`{"supported_commands":[{"name":"guest-ping","enabled":true,"success-response":true},{"name":"guest-exec","enabled":false,"success-response":true}]}`))
	if err != nil {
		t.Fatal(err)
	}
	cs := complete(t, New(ga, nil), "guest-|")
	if want := []string{"guest-exec", "guest-ping"}; !slices.Equal(displays(cs), want) {
		t.Fatalf("guest-: %v, want %v", displays(cs), want)
	}
	if got := cs[0].Summary; got != "command · arguments unknown · disabled" {
		t.Errorf("disabled command summary %q", got)
	}
}

// summaries is a Summaries hook for tests.
type summaries map[string]string

func (s summaries) Summary(name string) string { return s[name] }

// TestSummariesHook checks that the hook's sentence replaces the generated
// summary of commands, actions and events, and only where it has one.
func TestSummariesHook(t *testing.T) {
	s, err := docs.ParseSchema(loadFixture(t, fixture100).Schema)
	if err != nil {
		t.Fatal(err)
	}
	e := New(s, summaries{
		"query-status":           "Query the run status of the VM.",
		"blockdev-snapshot-sync": "Takes a synchronous snapshot of a block device.",
		"STOP":                   "Emitted when the virtual machine is stopped.",
		"hmp":                    "never asked",
	})
	tests := []struct{ line, name, want string }{
		{"query-stat|", "query-status", "Query the run status of the VM."},
		{"query-stat|", "query-stats", "command · 2 args (1 required) · more by target · returns [object]"},
		{"transaction( blockdev-snapshot-s|", "blockdev-snapshot-sync", "Takes a synchronous snapshot of a block device."},
		{"hm|", "hmp", "HMP command line, sent with human-monitor-command"},
	}
	for _, tt := range tests {
		if got := find(t, complete(t, e, tt.line), tt.name).Summary; got != tt.want {
			t.Errorf("%q %s: summary %q, want %q", tt.line, tt.name, got, tt.want)
		}
	}
	if got := find(t, e.Events("STO"), "STOP").Summary; got != "Emitted when the virtual machine is stopped." {
		t.Errorf("STOP: summary %q", got)
	}
}
