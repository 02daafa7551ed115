package complete

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// TestLiveArgsAgainstSchema checks every row of the table against QEMU
// 7.2's schema: its pattern matches commands, and each of them that has
// the argument takes a plain string there (an int for an fd set's id).
func TestLiveArgsAgainstSchema(t *testing.T) {
	e := loadEngine(t, fixture72)
	for _, r := range liveArgs {
		found := false
		for _, c := range e.schema.Commands() {
			if m, _ := path.Match(r.command, c.Name); !m {
				continue
			}
			typ := e.schema.ArgType(c.Name, []string{r.arg}, nil)
			if typ == nil {
				continue
			}
			found = true
			want := "str"
			if r.source == FDSet {
				want = "int"
			}
			if d := typ.Describe(); d != want {
				t.Errorf("%s %s= is %s, not %s", c.Name, r.arg, d, want)
			}
		}
		if !found {
			t.Errorf("row {%s %s}: no 7.2 command has the argument", r.command, r.arg)
		}
	}
}

// TestSourceOf maps real 7.2 arguments to their sources.
func TestSourceOf(t *testing.T) {
	cases := []struct {
		command, arg string
		want         Source // 0: not live
	}{
		{"blockdev-backup", "device", BlockDevice},
		{"blockdev-backup", "target", NodeName},
		{"blockdev-backup", "job-id", 0}, // a new job's id
		{"block_resize", "node-name", NodeName},
		{"block_resize", "device", BlockDevice},
		{"block_set_io_throttle", "id", BlockDevice},
		{"blockdev-add", "node-name", 0}, // a new node's name
		{"drive-backup", "target", 0},    // a file name
		{"block-commit", "base", 0},      // a file name
		{"block-commit", "top-node", NodeName},
		{"block-job-cancel", "device", Job},
		{"block-job-dismiss", "id", Job},
		{"job-dismiss", "id", Job},
		{"block-dirty-bitmap-add", "node", NodeName},
		{"block-dirty-bitmap-add", "name", 0}, // a new bitmap's name
		{"block-dirty-bitmap-remove", "name", Bitmap},
		{"block-dirty-bitmap-merge", "target", Bitmap},
		{"chardev-remove", "id", Chardev},
		{"device_del", "id", Device},
		{"device_add", "id", 0}, // a new device's id
		{"remove-fd", "fdset-id", FDSet},
		{"add-fd", "fdset-id", FDSet},
		{"chardev-add", "id", 0},
		{"ringbuf-read", "device", Chardev},
		{"qom-list", "path", QOMPath},
		{"qom-set", "path", QOMPath},
		{"qom-set", "property", 0},
	}
	for _, c := range cases {
		got, ok := SourceOf(c.command, c.arg)
		if ok != (c.want != 0) || got != c.want {
			t.Errorf("SourceOf(%s, %s) = %v, %v; want %v", c.command, c.arg, got, ok, c.want)
		}
	}
}

// fakeLive answers from a map keyed by source and key.
type fakeLive struct {
	vals map[Source]map[string][]string
}

func (f *fakeLive) Values(src Source, key string) []LiveValues {
	vals := f.vals[src][key]
	if src == QOMPath {
		vals = slices.Clone(vals)
		for i, v := range vals {
			vals[i] = key + v + "/"
		}
	}
	if src == BlockDevice { // devices and nodes: two lists, one value in both
		return []LiveValues{PrepareValues(vals), PrepareValues([]string{"disk0"})}
	}
	return []LiveValues{PrepareValues(vals)}
}

// TestLiveCompletion completes live-valued arguments from a Live.
func TestLiveCompletion(t *testing.T) {
	live := &fakeLive{vals: map[Source]map[string][]string{
		NodeName:    {"": {"disk0", "file0", "#block123"}},
		BlockDevice: {"": {"virtio0", "disk0"}},
		Job:         {"": {"backup0"}},
		Bitmap:      {"disk0": {"bm0", "bm1"}, "": {"bm0", "bm1", "other"}},
		Chardev:     {"": {"serial0", "mon0"}},
		QOMPath:     {"/": {"machine", "objects"}, "/machine/": {"peripheral", "unattached"}},
	}}
	e := loadEngine(t, fixture72).WithLive(live)
	cases := []struct {
		line string
		want []string // Texts, best first
	}{
		{"blockdev-backup device=|", []string{"disk0", "virtio0"}},
		{"blockdev-backup device=disk0 target=|", []string{"#block123", "disk0", "file0"}},
		{"blockdev-backup device=disk0 target=fi|", []string{"file0"}},
		{"block_resize node-name=d|", []string{"disk0"}},
		{"block-job-cancel device=|", []string{"backup0"}},
		{"block-dirty-bitmap-remove node=disk0 name=|", []string{"bm0", "bm1"}},
		{"block-dirty-bitmap-remove name=| node=disk0", []string{"bm0", "bm1"}},
		{"block-dirty-bitmap-remove name=o|", []string{"other"}},
		{"chardev-remove id=s|", []string{"serial0"}},
		{"qom-list path=/mach|", []string{"/machine/"}},
		{"qom-get path=/machine/p|", []string{"/machine/peripheral/"}},
		{"qom-list path=|", []string{"/machine/", "/objects/"}},
		{"transaction( blockdev-backup device=| )", []string{"disk0", "virtio0"}},
		{"blockdev-add node-name=|", nil},
		{"blockdev-backup sync=f|", []string{"full"}}, // enums still come from the schema
	}
	for _, c := range cases {
		var got []string
		for _, cand := range complete(t, e, c.line) {
			got = append(got, cand.Text)
			if live := strings.HasPrefix(cand.Summary, "live · "); live == strings.Contains(c.line, "sync=") {
				t.Errorf("%q: %s has summary %q", c.line, cand.Text, cand.Summary)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: got %q, want %q", c.line, got, c.want)
		}
	}
	if plain := loadEngine(t, fixture72); len(complete(t, plain, "blockdev-backup device=|")) != 0 {
		t.Error("an engine without Live offered device values")
	}
}
