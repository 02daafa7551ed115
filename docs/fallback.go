package docs

import (
	"encoding/json"
	"errors"
	"fmt"
)

// SchemaFromCommandList builds a names-only Schema from the "return" value
// of query-commands, for monitors that lack query-qmp-schema. Its commands
// have nil Args and Returns (unknown) and it has no events.
func SchemaFromCommandList(ret json.RawMessage) (*Schema, error) {
	var list []struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(ret, &list); err != nil {
		return nil, fmt.Errorf("query-commands reply: %w", err)
	}
	if list == nil {
		return nil, errors.New("query-commands reply is null, want an array")
	}
	commands := make(map[string]*Command, len(list))
	for i, c := range list {
		if err := addFallbackCommand(commands, i, &Command{Name: c.Name, Enabled: true, SuccessResponse: true}); err != nil {
			return nil, fmt.Errorf("query-commands reply: %w", err)
		}
	}
	return newSchema(commands, nil, false), nil
}

// SchemaFromGuestInfo builds a names-only Schema from the "return" value of
// the guest agent's guest-info, keeping each command's enabled and
// success-response flags. Its commands have nil Args and Returns.
func SchemaFromGuestInfo(ret json.RawMessage) (*Schema, error) {
	var info struct {
		Commands []struct {
			Name            string `json:"name"`
			Enabled         bool   `json:"enabled"`
			SuccessResponse bool   `json:"success-response"`
		} `json:"supported_commands"`
	}
	if err := json.Unmarshal(ret, &info); err != nil {
		return nil, fmt.Errorf("guest-info reply: %w", err)
	}
	if info.Commands == nil {
		return nil, errors.New("guest-info reply has no supported_commands")
	}
	commands := make(map[string]*Command, len(info.Commands))
	for i, c := range info.Commands {
		cmd := &Command{Name: c.Name, Enabled: c.Enabled, SuccessResponse: c.SuccessResponse}
		if err := addFallbackCommand(commands, i, cmd); err != nil {
			return nil, fmt.Errorf("guest-info reply: %w", err)
		}
	}
	return newSchema(commands, nil, false), nil
}

func addFallbackCommand(commands map[string]*Command, i int, c *Command) error {
	if c.Name == "" {
		return fmt.Errorf("command %d has no name", i)
	}
	if commands[c.Name] != nil {
		return fmt.Errorf("command %q listed twice", c.Name)
	}
	commands[c.Name] = c
	return nil
}
