package docs

import (
	"os"
	"testing"
)

// installedManPage finds a reference page on this machine, skipping when
// it is absent on a developer machine and failing in CI, which installs
// qemu-system-common.
func installedManPage(tb testing.TB, name string) string {
	tb.Helper()
	path, err := FindManPage(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s: %v", name, err)
		}
		tb.Skipf("%s not installed (set CI to make this fatal): %v", name, err)
	}
	return path
}

// TestInstalledQMPRef checks the installed 7.2 manual against the 7.2
// schema. Only structure is asserted, never the manual's wording.
func TestInstalledQMPRef(t *testing.T) {
	ix, err := ParseManFile(installedManPage(t, "qemu-qmp-ref"))
	if err != nil {
		t.Fatal(err)
	}
	s := loadSchema(t, fixture72)
	for _, c := range s.Commands() {
		d := ix.Describe(s, c.Name)
		if d.Ref == nil || d.Ref.Summary == "" && d.Ref.Body == "" {
			t.Errorf("command %s: no description", c.Name)
		}
	}
	for _, e := range s.Events() {
		if d := ix.Describe(s, e.Name); d.Ref == nil || d.Ref.Summary == "" {
			t.Errorf("event %s: no description", e.Name)
		}
	}
	d := ix.Describe(s, "block_resize")
	want := map[string]string{"device": "str", "node-name": "str", "size": "int"}
	for _, a := range d.Args {
		if typ, ok := want[a.Name]; ok {
			if a.Type != typ || a.Description == "" {
				t.Errorf("block_resize %s: type %q description %q", a.Name, a.Type, a.Description)
			}
			delete(want, a.Name)
		}
	}
	if len(want) > 0 {
		t.Errorf("block_resize lacks %v", want)
	}
	if ex := d.Ref.Examples; len(ex) == 0 || ex[0].Lines[0].Dir != "->" {
		t.Errorf("block_resize examples: %+v", ex)
	}
	// Boxed arguments and union branches reach their documentation.
	d = ix.Describe(s, "blockdev-add")
	described, branchDescribed := 0, 0
	for _, a := range d.Args {
		if a.Description != "" {
			described++
			if a.Branch != "" {
				branchDescribed++
			}
		}
	}
	if len(d.Args) < 100 || described != len(d.Args) || branchDescribed < 100 {
		t.Errorf("blockdev-add: %d args, %d described, %d in branches", len(d.Args), described, branchDescribed)
	}
}

// TestInstalledOtherRefs checks that the guest agent and storage daemon
// manuals parse into many entries with descriptions.
func TestInstalledOtherRefs(t *testing.T) {
	for _, tc := range []struct {
		page string
		min  int
	}{
		{"qemu-ga-ref", 50},
		{"qemu-storage-daemon-qmp-ref", 300},
	} {
		t.Run(tc.page, func(t *testing.T) {
			ix, err := ParseManFile(installedManPage(t, tc.page))
			if err != nil {
				t.Fatal(err)
			}
			commands := 0
			for _, n := range ix.Names() {
				if r := ix.Lookup(n); r.Kind == RefCommand {
					commands++
					if r.Summary == "" {
						t.Errorf("%s: no summary", n)
					}
				}
			}
			if ix.Len() < tc.min || commands == 0 {
				t.Errorf("%d entries (%d commands), want at least %d", ix.Len(), commands, tc.min)
			}
		})
	}
	ix, err := ParseManFile(installedManPage(t, "qemu-storage-daemon-qmp-ref"))
	if err != nil {
		t.Fatal(err)
	}
	s := loadSchema(t, fixtureQSD)
	for _, c := range s.Commands() {
		if d := ix.Describe(s, c.Name); d.Ref == nil || d.Ref.Summary == "" {
			t.Errorf("storage daemon command %s: no description", c.Name)
		}
	}
}

// BenchmarkParseMan72 parses the installed 7.2 manual, index included,
// from its compressed file as qmpdash does at start-up.
func BenchmarkParseMan72(b *testing.B) {
	path := installedManPage(b, "qemu-qmp-ref")
	for b.Loop() {
		if _, err := ParseManFile(path); err != nil {
			b.Fatal(err)
		}
	}
}
