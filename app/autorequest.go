package app

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// Automatic requests are the ones qmpdash sends by itself — the start-up
// queries for the run state and the schema — as opposed to the commands
// the user typed. They carry the id "auto:COMMAND:N", so that a session log
// says which is which: replay skips them, and the offline viewer leaves
// them out of the command pane, as the live dashboard does.

// autoIDPrefix starts the id of every automatic request.
const autoIDPrefix = "auto:"

// autoRequests numbers the automatic requests, so that two in flight
// (a keepalive during the start-up queries) never share an id.
var autoRequests atomic.Uint64

// executeAuto runs an automatic request and returns its "return" value.
func executeAuto(ctx context.Context, c *qmp.Client, command string) (json.RawMessage, error) {
	id, _ := json.Marshal(autoIDPrefix + command + ":" + strconv.FormatUint(autoRequests.Add(1), 10))
	resp, err := c.Do(ctx, qmp.Request{Command: command, ID: id})
	if err != nil {
		return nil, err
	}
	return resp.Return, nil
}

// handshakeCommands are sent by the client itself while connecting.
var handshakeCommands = map[string]bool{
	"qmp_capabilities": true, "guest-sync": true, "guest-sync-delimited": true,
}

// IsAutomatic reports whether a request (its wire JSON) was sent by qmpdash
// itself rather than by the user: the connection handshake
// (qmp_capabilities, the guest agent's guest-sync-delimited), the
// start-up queries and the keepalive probes, whose ids start with "auto:".
func IsAutomatic(request []byte) bool {
	r := gjson.GetManyBytes(request, "execute", "exec-oob", "id")
	if handshakeCommands[r[0].String()] || handshakeCommands[r[1].String()] {
		return true
	}
	return r[2].Type == gjson.String && strings.HasPrefix(r[2].Str, autoIDPrefix)
}
