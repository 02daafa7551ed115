package send

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// commandID is the request id Sender.TagRequests gives the command of log
// entry seq.
func commandID(seq uint64) json.RawMessage {
	return json.RawMessage(`"c` + strconv.FormatUint(seq, 10) + `"`)
}

// tagRequest gives req the id of command log entry seq: a command's ID,
// or, for a raw JSON message that has no "id" but an "execute", an "id"
// member put first. A raw message with an id of its own keeps it (its
// reply goes by that id), and one with neither id nor execute is left to
// the server to refuse as it is.
func tagRequest(req qmp.Request, seq uint64) qmp.Request {
	if req.Raw == nil {
		req.ID = commandID(seq)
		return req
	}
	if r := gjson.GetManyBytes(req.Raw, "id", "execute"); r[0].Exists() || !r[1].Exists() {
		return req
	}
	body := bytes.TrimLeft(req.Raw, " \t\r\n")[1:] // after '{': the object has a member, execute
	raw := append([]byte(`{"id":`), commandID(seq)...)
	req.Raw = append(append(raw, ','), body...)
	return req
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
