package config

import (
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/store"
)

func TestConfigLimits(t *testing.T) {
	cfg, err := Parse("c.toml", []byte("[limits]\nevents_bytes = \"64MiB\"\nreplies_bytes = \"1 G\"\nmessage_bytes = \"512k\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	events, commands := cfg.MemoryLimits()
	if events != (store.Limits{Bytes: 64 << 20, MessageBytes: 512 << 10}) || commands != (store.Limits{Bytes: 1 << 30, MessageBytes: 512 << 10}) {
		t.Fatalf("limits = %+v, %+v", events, commands)
	}
	if store.NewEventLog(events).Usage().Limits != (store.Limits{Count: store.DefaultEventLogSize, Bytes: 64 << 20, MessageBytes: 512 << 10}) {
		t.Fatal("the event log does not take the configured limits")
	}

	events, commands = (&Config{}).MemoryLimits()
	if events != (store.Limits{}) || commands != (store.Limits{}) {
		t.Fatalf("no [limits]: %+v, %+v", events, commands)
	}
	if u := store.NewCommandLog(commands).Usage(); u.Limits.Bytes != store.DefaultReplyBytes || u.Limits.MessageBytes != store.DefaultMessageBytes {
		t.Fatalf("defaults: %+v", u.Limits)
	}
	// A message bound over the history's bound is the history's bound.
	if u := store.NewEventLog(store.Limits{Bytes: 100, MessageBytes: 1000}).Usage(); u.Limits.MessageBytes != 100 {
		t.Fatalf("message bound = %d", u.Limits.MessageBytes)
	}
}

func TestConfigLimitsErrorNamesLineAndKey(t *testing.T) {
	_, err := Parse("c.toml", []byte("keymap = \"emacs\"\n[limits]\nevents_bytes = \"256MiB\"\nreplies_bytes = \"lots\"\n"))
	if err == nil || !strings.HasPrefix(err.Error(), `c.toml:4: limits.replies_bytes: "lots" is not a size`) {
		t.Fatalf("err = %v", err)
	}
	if _, err := Parse("c.toml", []byte("[limits]\nevent_bytes = \"1M\"\n")); err == nil || !strings.Contains(err.Error(), "limits.event_bytes: unknown key") {
		t.Fatalf("misspelt key: %v", err)
	}
}
