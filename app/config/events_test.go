package config

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/qmp"
)

func TestConfiguredTrouble(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[events]\ntrouble = [\"RTC_CHANGE\", \"BALLOON_CHANGE actual=0\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	log := store.NewEventLog(store.Limits{Count: 10})
	log.SetTrouble(cfg.TroubleRules())
	log.Append(qmp.Event{Name: "RTC_CHANGE", Data: []byte(`{"offset": 1}`)},
		qmp.Event{Name: "BALLOON_CHANGE", Data: []byte(`{"actual": 0}`)},
		qmp.Event{Name: "BALLOON_CHANGE", Data: []byte(`{"actual": 1024}`)},
		qmp.Event{Name: "BLOCK_IO_ERROR", Data: []byte(`{"device": "d0"}`)})
	if n := log.Troubles(); n != 2 {
		t.Fatalf("%d trouble events under the configured list, want 2 (RTC_CHANGE, BALLOON_CHANGE actual=0)", n)
	}
	_, err = Parse("c.toml", []byte("[events]\ntrouble = [\"[bad\"]\n"))
	if err == nil || !strings.Contains(err.Error(), "c.toml:2: events.trouble:") {
		t.Fatalf("bad glob: %v", err)
	}
}
