package send

import (
	"encoding/json"
	"strconv"
	"strings"
)

// commandID is the request id Sender.TagRequests gives the command of log
// entry seq.
func commandID(seq uint64) json.RawMessage {
	return json.RawMessage(`"c` + strconv.FormatUint(seq, 10) + `"`)
}

// TaggedEntry returns the command log entry a request id names when a
// Sender with TagRequests gave it, so that a reply after the deadline (see
// qmp.Options.OnLateReply) finds its entry; false for any other id.
func TaggedEntry(id json.RawMessage) (uint64, bool) {
	var s string
	if json.Unmarshal(id, &s) != nil || !strings.HasPrefix(s, "c") {
		return 0, false
	}
	seq, err := strconv.ParseUint(s[1:], 10, 64)
	return seq, err == nil
}
