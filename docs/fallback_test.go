package docs

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestSchemaFromCommandList(t *testing.T) {
	for _, name := range []string{fixture72, fixtureQSD} {
		t.Run(name, func(t *testing.T) {
			fx := loadFixture(t, name)
			s, err := SchemaFromCommandList(fx.Commands)
			if err != nil {
				t.Fatal(err)
			}
			full, err := ParseSchema(fx.Schema)
			if err != nil {
				t.Fatal(err)
			}
			if s.Introspected() || len(s.Events()) != 0 {
				t.Errorf("Introspected %v, %d events", s.Introspected(), len(s.Events()))
			}
			if len(s.Commands()) != len(full.Commands()) {
				t.Errorf("%d commands, want %d", len(s.Commands()), len(full.Commands()))
			}
			c := s.Command("blockdev-add")
			if c == nil || c.Args != nil || c.Returns != nil || !c.Enabled || !c.SuccessResponse {
				t.Fatalf("blockdev-add = %+v", c)
			}
			// Argument types are unknown, so nothing but the name is judged.
			if ps := s.Validate("blockdev-add", json.RawMessage(`{"bogus":1}`)); ps != nil {
				t.Errorf("Validate with unknown args: %v", problemStrings(ps))
			}
			ps := s.Validate("blockdev-ad", nil)
			if len(ps) != 1 || !slices.Contains(ps[0].Suggestions, "blockdev-add") {
				t.Errorf("unknown command: %v", problemStrings(ps))
			}
		})
	}
}

// guestInfo is shaped like a qemu-ga guest-info reply, with invented
// version and a command disabled by the agent's block list.
const guestInfo = `{"version":"9.9.9","supported_commands":[
	{"name":"guest-sync","enabled":true,"success-response":true},
	{"name":"guest-shutdown","enabled":true,"success-response":false},
	{"name":"guest-exec","enabled":false,"success-response":true}]}`

func TestSchemaFromGuestInfo(t *testing.T) {
	s, err := SchemaFromGuestInfo(json.RawMessage(guestInfo))
	if err != nil {
		t.Fatal(err)
	}
	if s.Introspected() {
		t.Error("Introspected() = true")
	}
	tests := []struct {
		name             string
		enabled, success bool
		problems         []string
	}{
		{"guest-sync", true, true, nil},
		{"guest-shutdown", true, false, nil},
		{"guest-exec", false, true, []string{"the guest agent has disabled this command"}},
	}
	for _, tt := range tests {
		c := s.Command(tt.name)
		if c == nil || c.Args != nil || c.Enabled != tt.enabled || c.SuccessResponse != tt.success {
			t.Errorf("%s = %+v", tt.name, c)
		}
		if got := problemStrings(s.Validate(tt.name, json.RawMessage(`{"any":"thing"}`))); !slices.Equal(got, tt.problems) {
			t.Errorf("Validate(%s) = %q, want %q", tt.name, got, tt.problems)
		}
	}
	if got := problemStrings(s.Validate("guest-sinc", nil)); !slices.Equal(got, []string{`unknown command "guest-sinc" (did you mean guest-sync?)`}) {
		t.Errorf("unknown command: %q", got)
	}
}

func TestFallbackErrors(t *testing.T) {
	tests := []struct {
		name    string
		parse   func(json.RawMessage) (*Schema, error)
		input   string
		wantErr string
	}{
		{"list not JSON", SchemaFromCommandList, `[{`, "query-commands reply"},
		{"list null", SchemaFromCommandList, `null`, "null"},
		{"list object", SchemaFromCommandList, `{}`, "query-commands reply"},
		{"list no name", SchemaFromCommandList, `[{"name":""}]`, "command 0 has no name"},
		{"list twice", SchemaFromCommandList, `[{"name":"a"},{"name":"a"}]`, `"a" listed twice`},
		{"info not JSON", SchemaFromGuestInfo, `{`, "guest-info reply"},
		{"info no commands", SchemaFromGuestInfo, `{"version":"1"}`, "no supported_commands"},
		{"info no name", SchemaFromGuestInfo, `{"supported_commands":[{"enabled":true}]}`, "command 0 has no name"},
		{"info twice", SchemaFromGuestInfo, `{"supported_commands":[{"name":"g"},{"name":"g"}]}`, `"g" listed twice`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse(json.RawMessage(tt.input))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
