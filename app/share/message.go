package share

import (
	"bytes"
	"encoding/json"

	"github.com/tidwall/gjson"
)

// withoutID returns the members of the JSON object msg but "id", as an
// object on one line: the request the session sends under an id of its
// own, as the command log shows it.
func withoutID(msg gjson.Result) []byte {
	var line bytes.Buffer
	if json.Compact(&line, object(msg, nil)) != nil {
		return object(msg, nil) // not JSON after all: the server says so
	}
	return line.Bytes()
}

// withID returns the JSON object reply with its "id" replaced by id (the
// client's, verbatim) or dropped when the client gave none.
func withID(reply []byte, id gjson.Result) []byte {
	return object(gjson.ParseBytes(reply), &id)
}

// object rebuilds obj's members but "id", then id when it exists.
func object(obj gjson.Result, id *gjson.Result) []byte {
	out := []byte{'{'}
	obj.ForEach(func(k, v gjson.Result) bool {
		if k.String() == "id" {
			return true
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, k.Raw...), ':'), v.Raw...)
		return true
	})
	if id != nil && id.Exists() {
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(out, `"id":`...), id.Raw...)
	}
	return append(out, '}')
}

// errorReply is a QMP error reply of class with desc, carrying the
// client's id when it gave one.
func errorReply(class, desc string, id gjson.Result) []byte {
	body, _ := json.Marshal(map[string]any{"error": map[string]string{"class": class, "desc": desc}})
	return withID(body, id)
}

// greeting is the greeting a client of the shared monitor gets: the VM's
// version from its own greeting, and no capabilities, since out-of-band
// commands cannot be passed through.
func greeting(vm []byte) []byte {
	version := gjson.GetBytes(vm, "QMP.version").Raw
	if version == "" {
		version = "{}"
	}
	return []byte(`{"QMP": {"version": ` + version + `, "capabilities": []}}`)
}
