//go:build linux

package session

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestLiveSchemaCompletesEveryCommandAndCaches(t *testing.T) {
	p := qmptest.QEMU(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := transport.Connect(ctx, p.Socket, transport.ProtocolAuto, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cache := &docs.Cache{Dir: filepath.Join(t.TempDir(), "schema")}
	s, src, err := LoadSchema(ctx, c, cache)
	if err != nil || src != SchemaFromIntrospection {
		t.Fatalf("first load: %v from %s", err, src)
	}
	ret, err := c.Execute(ctx, "query-commands", nil)
	if err != nil {
		t.Fatal(err)
	}
	var cmds []struct{ Name string }
	json.Unmarshal(ret, &cmds)
	if len(cmds) < 100 {
		t.Fatalf("only %d commands", len(cmds))
	}
	e := complete.New(s, nil)
	for _, cmd := range cmds {
		found := false
		for _, cand := range e.Complete(cmd.Name, len(cmd.Name)) {
			found = found || cand.Display == cmd.Name
		}
		if !found {
			t.Errorf("%s does not complete", cmd.Name)
		}
	}
	if _, src, err := LoadSchema(ctx, c, cache); err != nil || src != SchemaFromCache {
		t.Fatalf("second load: %v from %s, want the cache", err, src)
	}
}

func TestConnectDetectsTheGuestAgent(t *testing.T) {
	ga := qmptest.GuestAgent(t)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := transport.Connect(ctx, ga.Socket, transport.ProtocolAuto, qmp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Mode() != qmp.ModeGuestAgent {
		t.Fatalf("mode = %v", c.Mode())
	}
	s, src, err := LoadSchema(ctx, c, nil)
	if err != nil || src != SchemaFromGuestInfo || s.Command("guest-ping") == nil {
		t.Fatalf("schema %v from %s: %v", s, src, err)
	}
}
