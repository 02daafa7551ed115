package docs

import (
	"encoding/json"
	"testing"
)

// TestArgType resolves member paths the way the command language does
// while the user types, and checks the coercion decision it enables.
func TestArgType(t *testing.T) {
	const (
		qcow2OnFile = `{"driver":"qcow2","file":{"driver":"file"}}`
		twoActions  = `{"actions":[{"type":"abort"},{"type":"blockdev-backup","data":{}}]}`
	)
	tests := []struct {
		name    string
		command string
		path    []string
		args    string
		// describe is the resolved type's Describe, "" for nil.
		describe string
		// stringOnly: a bare word like 1 must be sent as a string.
		stringOnly bool
	}{
		{"int member", "block_resize", []string{"size"}, ``, "int", false},
		{"str member", "block_resize", []string{"device"}, ``, "str", true},
		{"whole arguments", "block_resize", nil, ``, "object", false},
		{"unknown member", "block_resize", []string{"nope"}, ``, "", false},
		{"unknown command", "no-such-command", []string{"size"}, ``, "", false},
		{"union tag", "blockdev-add", []string{"driver"}, ``, enumDrivers, true},
		{"variant member needs the tag", "blockdev-add", []string{"file"}, `{}`, "", false},
		{"variant member", "blockdev-add", []string{"file"}, `{"driver":"qcow2"}`, "alternate(union(driver)|str)", true},
		{"variant member of unknown tag value", "blockdev-add", []string{"file"}, `{"driver":"qcow3"}`, "", false},
		{"through alternate", "blockdev-add", []string{"file", "filename"}, qcow2OnFile, "str", true},
		{"through alternate, nested tag missing", "blockdev-add", []string{"file", "filename"}, `{"driver":"qcow2"}`, "", false},
		{"through alternate to common member", "blockdev-add", []string{"file", "node-name"}, `{"driver":"qcow2"}`, "str", true},
		{"array index", "transaction", []string{"actions", "[1]", "data", "device"}, twoActions, "str", true},
		{"index past the args", "transaction", []string{"actions", "[7]", "type"}, twoActions, "enum(abort|block-dirty-bitmap-add|block-dirty-bitmap-remove|block-dirty-bitmap-clear|...)", true},
		{"index past the args, variant", "transaction", []string{"actions", "[7]", "data"}, twoActions, "", false},
		{"name on an array", "transaction", []string{"actions", "type"}, twoActions, "", false},
		{"negative index", "transaction", []string{"actions", "[-1]"}, twoActions, "", false},
		{"index on an object", "block_resize", []string{"[0]"}, ``, "", false},
		{"past a scalar", "block_resize", []string{"size", "x"}, ``, "", false},
		{"invalid args still resolve common members", "blockdev-add", []string{"node-name"}, `{"driver":`, "str", true},
		{"enum member", "blockdev-add", []string{"discard"}, ``, "enum(ignore|unmap)", true},
	}
	for _, fx := range []string{fixture72, fixture100} {
		s := loadSchema(t, fx)
		for _, tt := range tests {
			t.Run(fx+"/"+tt.name, func(t *testing.T) {
				typ := s.ArgType(tt.command, tt.path, json.RawMessage(tt.args))
				if typ == nil {
					if tt.describe != "" {
						t.Fatalf("ArgType = nil, want %s", tt.describe)
					}
					return
				}
				if got := typ.Describe(); got != tt.describe {
					t.Fatalf("ArgType = %s, want %s", got, tt.describe)
				}
				if got := !typ.Accepts("int") && typ.Accepts("string"); got != tt.stringOnly {
					t.Errorf("string-only = %v, want %v", got, tt.stringOnly)
				}
			})
		}
	}
}

func TestArgTypeFallback(t *testing.T) {
	s, err := SchemaFromCommandList(json.RawMessage(`[{"name":"block_resize"}]`))
	if err != nil {
		t.Fatal(err)
	}
	if typ := s.ArgType("block_resize", []string{"size"}, nil); typ != nil {
		t.Errorf("fallback ArgType = %s, want nil", typ.Describe())
	}
}
