package send

import (
	"encoding/json"
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
)

func TestTaggedEntryReadsOnlyTaggedIDs(t *testing.T) {
	if seq, ok := TaggedEntry(commandID(42)); !ok || seq != 42 {
		t.Errorf("TaggedEntry(commandID(42)) = %d, %v", seq, ok)
	}
	for _, id := range []string{`"x42"`, `42`, `"c"`, `"c-1"`, `{"c":1}`, `"cat"`} {
		if seq, ok := TaggedEntry(json.RawMessage(id)); ok {
			t.Errorf("TaggedEntry(%s) = %d, true; want false", id, seq)
		}
	}
}

func TestTagRequestGivesRawMessagesAnIDOnlyWhenTheyHaveNone(t *testing.T) {
	cases := []struct{ raw, want string }{
		{`{"execute":"query-status"}`, `{"id":"c7","execute":"query-status"}`},
		{` {"execute":"stop","arguments":{}}`, `{"id":"c7","execute":"stop","arguments":{}}`},
		{`{"execute":"stop","id":{"mine":1}}`, `{"execute":"stop","id":{"mine":1}}`},
		{`{"arguments":{}}`, `{"arguments":{}}`},
	}
	for _, c := range cases {
		got := tagRequest(qmp.Request{Raw: json.RawMessage(c.raw)}, 7)
		if string(got.Raw) != c.want || got.ID != nil {
			t.Errorf("tagRequest(%s) = raw %s id %s; want %s", c.raw, got.Raw, got.ID, c.want)
		}
		if !json.Valid(got.Raw) {
			t.Errorf("tagRequest(%s) is not JSON: %s", c.raw, got.Raw)
		}
	}
	if got := tagRequest(qmp.Request{Command: "stop"}, 7); string(got.ID) != `"c7"` {
		t.Errorf("a command's id = %s, want \"c7\"", got.ID)
	}
}
