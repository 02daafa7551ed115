package libvirt

import (
	"encoding/json"
	"strconv"
)

// qmpError is the error member of a QMP reply.
type qmpError struct {
	Class string `json:"class"`
	Desc  string `json:"desc"`
}

// answer handles one request from the client: qmp_capabilities here (the
// monitor behind libvirt is past negotiation), everything else through
// libvirt without the id, which goes back on the reply.
func (m *monitor) answer(req map[string]json.RawMessage) []byte {
	id := req["id"]
	delete(req, "id")
	if _, oob := req["exec-oob"]; oob {
		return errorReply(id, "GenericError", "out-of-band execution is not available through libvirt")
	}
	var name string
	if err := json.Unmarshal(req["execute"], &name); err != nil || name == "" {
		return errorReply(id, "GenericError", "QMP input must have a string member 'execute'")
	}
	if name == "qmp_capabilities" {
		return withID([]byte(`{"return":{}}`), id)
	}
	cmd, err := json.Marshal(req)
	if err != nil {
		return errorReply(id, "GenericError", err.Error())
	}
	reply, err := m.passthrough(string(cmd))
	if err != nil {
		return errorReply(id, "GenericError", "libvirt: "+err.Error())
	}
	return withID([]byte(reply), id)
}

// withID replaces the id libvirt put on reply with the client's (none if
// id is nil).
func withID(reply []byte, id json.RawMessage) []byte {
	var msg map[string]json.RawMessage
	if err := json.Unmarshal(reply, &msg); err != nil {
		return errorReply(id, "GenericError", "libvirt passed on a reply that is not a JSON object")
	}
	delete(msg, "id")
	if id != nil {
		msg["id"] = id
	}
	out, _ := json.Marshal(msg) // re-encoding what was just decoded
	return out
}

// errorReply is a QMP error reply.
func errorReply(id json.RawMessage, class, desc string) []byte {
	msg := map[string]any{"error": qmpError{Class: class, Desc: desc}}
	if id != nil {
		msg["id"] = id
	}
	out, _ := json.Marshal(msg) // plain strings and a valid RawMessage
	return out
}

// eventMessage is ev as a QMP event: data only when libvirt gave details
// that are a JSON object.
func eventMessage(ev qemuEvent) []byte {
	name, _ := json.Marshal(ev.name) // a string always encodes
	msg := `{"event":` + string(name)
	if ev.hasDetails && isObject(ev.details) {
		msg += `,"data":` + ev.details
	}
	msg += `,"timestamp":{"seconds":` + strconv.FormatUint(ev.seconds, 10) +
		`,"microseconds":` + strconv.FormatUint(uint64(ev.micros), 10) + `}}`
	return []byte(msg)
}

// isObject reports whether s is one JSON object.
func isObject(s string) bool {
	var obj map[string]json.RawMessage
	return json.Unmarshal([]byte(s), &obj) == nil
}
