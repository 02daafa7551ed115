package docs

import (
	"encoding/json"
	"testing"
)

// FuzzParseSchema checks that no input makes ParseSchema, or anything done
// with the schema it accepts, panic or loop: the reply comes from a
// process qmpdash does not control.
func FuzzParseSchema(f *testing.F) {
	for _, seed := range []string{
		miniSchema,
		`[]`, `null`, `{}`, `[1]`, `[{}]`, `"x"`,
		`[{"name":"c","meta-type":"command","arg-type":"0","ret-type":"0"},{"name":"0","meta-type":"object","members":[]}]`,
		`[{"name":"a","meta-type":"alternate","members":[{"type":"a"}]},{"name":"c","meta-type":"command","arg-type":"a","ret-type":"a"}]`,
		`[{"name":"[x]","meta-type":"array","element-type":"[x]"},{"name":"c","meta-type":"command","arg-type":"[x]","ret-type":"[x]"}]`,
		`[{"name":"o","meta-type":"object","tag":"t","members":[{"name":"t","type":"o"}],"variants":[{"case":"a","type":"o"}]},{"name":"c","meta-type":"command","arg-type":"o","ret-type":"o"}]`,
		`[{"name":"e","meta-type":"enum","members":[{"name":"x","features":["deprecated"]}]},{"name":"E","meta-type":"event","arg-type":"e"}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSchema(json.RawMessage(data))
		if err != nil {
			return
		}
		for _, c := range s.Commands() {
			c.Args.Describe()
			c.Returns.Describe()
			c.Args.Accepts("object")
			s.Validate(c.Name, nil)
			s.Validate(c.Name, json.RawMessage(`{"t":"a","a":[1,{"b":null}],"x":"s"}`))
			s.ArgType(c.Name, []string{"t", "[0]", "a"}, json.RawMessage(`{"t":"a"}`))
		}
		for _, e := range s.Events() {
			e.Data.Describe()
		}
		s.SuggestCommands(string(data), 3)
	})
}

// FuzzValidate runs arbitrary argument objects through the checks of the
// real schema's most intricate command.
func FuzzValidate(f *testing.F) {
	s := loadSchema(f, fixture100)
	for _, seed := range []string{
		``, `{}`, `null`, `[`, `{"driver":"qcow2","file":{"driver":"file","filename":"/x"}}`,
		`{"driver":"raw","file":{"driver":"qcow2","file":{"driver":"file"}},"size":"x"}`,
		`{"actions":[{"type":"abort","data":{}},{"type":"blockdev-backup","data":{"device":1}}]}`,
	} {
		f.Add("blockdev-add", []byte(seed))
		f.Add("transaction", []byte(seed))
	}
	f.Fuzz(func(t *testing.T, command string, args []byte) {
		for _, p := range s.Validate(command, json.RawMessage(args)) {
			if p.Msg == "" {
				t.Errorf("empty message in %#v", p)
			}
		}
		s.ArgType(command, []string{"file", "file", "driver"}, json.RawMessage(args))
	})
}
