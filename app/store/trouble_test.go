package store

import (
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
)

func TestDefaultTrouble(t *testing.T) {
	tests := []struct {
		name, data string
		want       bool
	}{
		{"BLOCK_IO_ERROR", `{"device": "d0", "operation": "read"}`, true},
		{"BLOCK_JOB_ERROR", `{"device": "j0"}`, true},
		{"GUEST_PANICKED", `{"action": "pause"}`, true},
		{"GUEST_CRASHLOADED", `{"action": "run"}`, true},
		{"WATCHDOG", `{"action": "reset"}`, true},
		{"MEMORY_FAILURE", `{"recipient": "guest"}`, true},
		{"QUORUM_FAILURE", `{"reference": "q"}`, true},
		{"DEVICE_UNPLUG_GUEST_ERROR", `{"path": "/x"}`, true},
		{"SHUTDOWN", `{"guest": false, "reason": "host-signal"}`, true},
		{"SHUTDOWN", `{"guest": true, "reason": "guest-shutdown"}`, false},
		{"MIGRATION", `{"status": "failed"}`, true},
		{"MIGRATION", `{"status": "completed"}`, false},
		{"BLOCK_JOB_COMPLETED", `{"device": "j0", "error": "No space left"}`, true},
		{"BLOCK_JOB_COMPLETED", `{"device": "j0"}`, false},
		{"STOP", ``, false},
		{"RESUME", ``, false},
	}
	tr := NewTrouble()
	log := NewEventLog(Limits{Count: 10})
	var want uint64
	for _, tt := range tests {
		ev := qmp.Event{Name: tt.name, Data: []byte(tt.data)}
		if got := tr.Match(&ev); got != tt.want {
			t.Errorf("%s %s: trouble %v, want %v", tt.name, tt.data, got, tt.want)
		}
		log.Append(ev)
		if e := log.Visible(log.VisibleLen()-1, 1, nil)[0]; e.Trouble != tt.want {
			t.Errorf("%s %s: the log's entry says trouble %v, want %v", tt.name, tt.data, e.Trouble, tt.want)
		}
		if tt.want {
			want++
		}
	}
	log.Clear()
	if log.Troubles() != want {
		t.Fatalf("Troubles = %d after Clear, want %d", log.Troubles(), want)
	}
}
