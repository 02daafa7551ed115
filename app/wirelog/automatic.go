package wirelog

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/tidwall/gjson"
)

// Automatic requests are the ones qmpdash sends by itself — the start-up
// queries for the run state and the schema — as opposed to the commands
// the user typed. They carry the id "auto:COMMAND:N" (AutoID), so that a
// session log says which is which: replay skips them, and the offline
// viewer leaves them out of the command pane, as the live dashboard does.

// autoIDPrefix starts the id of every automatic request.
const autoIDPrefix = "auto:"

// AutoID is the id of qmpdash's automatic request of command numbered n;
// the sender numbers them so that two in flight never share an id.
func AutoID(command string, n uint64) json.RawMessage {
	id, _ := json.Marshal(autoIDPrefix + command + ":" + strconv.FormatUint(n, 10))
	return id
}

// autoRequests numbers every automatic request of the process, whoever
// sends it (the session's start-up queries and keepalive, the watches), so
// that two in flight on one connection never share an id.
var autoRequests atomic.Uint64

// NextAutoID is AutoID for command with the next number of the process:
// the id for a new automatic request. It is safe for concurrent use.
func NextAutoID(command string) json.RawMessage {
	return AutoID(command, autoRequests.Add(1))
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
