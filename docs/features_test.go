package docs_test

import (
	"reflect"
	"testing"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/docs/docstest"
)

func TestBadgesFromLiveFeatures(t *testing.T) {
	dep := func(m ...string) docs.Badge { return docs.Badge{Feature: docs.FeatureDeprecated, Members: m} }
	unst := func(m ...string) docs.Badge { return docs.Badge{Feature: docs.FeatureUnstable, Members: m} }
	cases := map[string][]docs.Badge{
		"block-commit":           {dep("base", "top")},
		"eject":                  {dep("device")},
		"blockdev-change-medium": {dep("device")},
		"block_set_io_throttle":  {dep("device")},
		"blockdev-backup":        {unst("x-perf")},
		"query-status":           nil,
	}
	for _, fx := range []string{docstest.QEMU72, docstest.QEMU10} {
		s := docstest.Schema(t, fx)
		for name, want := range cases {
			got := (*docs.Index)(nil).Describe(s, name).Badges()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: badges %v, want %v", fx, name, got, want)
			}
		}
	}
	// A feature on the command itself is the command's badge.
	s := docstest.Schema(t, docstest.QEMU10)
	for _, c := range s.Commands() {
		if docs.HasFeature(c.Features, docs.FeatureDeprecated) {
			got := (*docs.Index)(nil).Describe(s, c.Name).Badges()
			if len(got) == 0 || !reflect.DeepEqual(got[0], docs.Badge{Feature: docs.FeatureDeprecated}) {
				t.Errorf("%s: badges %v", c.Name, got)
			}
			return
		}
	}
	t.Fatal("the 10.0 fixture has no deprecated command to check")
}
