package send

import (
	"errors"
	"testing"
)

func TestReadOnlyPolicy(t *testing.T) {
	p := Policy{ReadOnly: true}
	allowed := []struct{ name, args string }{
		{"query-status", ""}, {"x-query-virtio", ""}, {"qom-get", ""}, {"guest-get-osinfo", ""}, {"guest-ping", ""},
		{"human-monitor-command", `{"command-line": "info block"}`},
	}
	for _, c := range allowed {
		if err := p.Allows(c.name, []byte(c.args)); err != nil {
			t.Errorf("%s refused: %v", c.name, err)
		}
	}
	refused := []struct{ name, args string }{
		{"stop", ""}, {"quit", ""}, {"device_add", ""}, {"transaction", ""}, {"qom-set", ""},
		{"human-monitor-command", `{"command-line": "quit"}`}, {"human-monitor-command", `{"command-line": "information"}`},
	}
	for _, c := range refused {
		if err := p.Allows(c.name, []byte(c.args)); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s %s allowed in read-only mode", c.name, c.args)
		}
	}
	if err := (Policy{}).Allows("quit", nil); err != nil {
		t.Errorf("the zero policy refused: %v", err)
	}
}

func TestConfirmations(t *testing.T) {
	p := Policy{Confirm: DefaultConfirm()}
	for name, want := range map[string]bool{"quit": true, "system_reset": true, "device_del": true, "guest-suspend-disk": true,
		"stop": false, "cont": false, "query-status": false} {
		if got := p.NeedsConfirm(name, nil); got != want {
			t.Errorf("NeedsConfirm(%s) = %v", name, got)
		}
	}
	tx := []byte(`{"actions": [{"type": "block-dirty-bitmap-add", "data": {}}, {"type": "blockdev-del", "data": {}}]}`)
	if !p.NeedsConfirm("transaction", tx) {
		t.Error("a transaction with blockdev-del does not ask")
	}
	if p.NeedsConfirm("transaction", []byte(`{"actions": [{"type": "block-dirty-bitmap-add"}]}`)) {
		t.Error("a harmless transaction asks")
	}
}

func TestHMPConfirmationsFollowQMPTwins(t *testing.T) {
	p := Policy{Confirm: DefaultConfirm()}
	for line, want := range map[string]bool{
		"system_reset": true, "  system_powerdown": true, "quit": true, "q": true, "device_del net0": true,
		"drive_del drive0": true, "migrate -d tcp:h:4444": true, "block_job_cancel drive0": true,
		"loadvm s1": true, "delvm s1": true, "savevm s1": true, "object_del o1": true,
		"stop": false, "cont": false, "c": false, "info status": false, "info": false, "help": false,
		"x_unheard_of_command": true, "": false,
	} {
		args := []byte(`{"command-line": "` + line + `"}`)
		if got := p.NeedsConfirm("human-monitor-command", args); got != want {
			t.Errorf("hmp %q: NeedsConfirm = %v, want %v", line, got, want)
		}
	}
	if (Policy{}).NeedsConfirm("human-monitor-command", []byte(`{"command-line": "x_unheard_of_command"}`)) {
		t.Error("an unknown HMP command asks although nothing is to be confirmed")
	}
}

func TestReadOnlyRefusesEveryHMPCommandButInfo(t *testing.T) {
	p := Policy{ReadOnly: true}
	for line, allowed := range map[string]bool{
		"info status": true, " info block": true, "info": true,
		"help": false, "stop": false, "system_reset": false, "q": false, "i status": false,
		"infoblock": false, "savevm s1": false, "": false,
	} {
		err := p.Allows("human-monitor-command", []byte(`{"command-line": "`+line+`"}`))
		if (err == nil) != allowed {
			t.Errorf("hmp %q: Allows = %v", line, err)
		}
	}
}
