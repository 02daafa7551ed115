package send

import (
	"encoding/json"
	"testing"
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
