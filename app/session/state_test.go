package session

import (
	"testing"

	"github.com/qmpdash/qmpdash/qmp"
)

// What the views read from a State without knowing qmp's enums.
func TestStateAnswersWhatViewsAsk(t *testing.T) {
	qemu := qmp.Greeting{Version: qmp.Version{Major: 7, Minor: 2, Micro: 22}}
	tests := []struct {
		name         string
		st           State
		ready, agent bool
		version      string
	}{
		{"connecting", State{Conn: qmp.StateConnecting}, false, false, ""},
		{"QEMU ready", State{Conn: qmp.StateReady, Mode: qmp.ModeQMP, Greeting: qemu}, true, false, "7.2.22"},
		{"QEMU gone, its version kept", State{Conn: qmp.StateClosed, Mode: qmp.ModeQMP, Greeting: qemu}, false, false, "7.2.22"},
		{"guest agent", State{Conn: qmp.StateReady, Mode: qmp.ModeGuestAgent}, true, true, ""},
	}
	for _, tt := range tests {
		if got := tt.st.Ready(); got != tt.ready {
			t.Errorf("%s: Ready() = %v", tt.name, got)
		}
		if got := tt.st.GuestAgent(); got != tt.agent {
			t.Errorf("%s: GuestAgent() = %v", tt.name, got)
		}
		if got := tt.st.QEMUVersion(); got != tt.version {
			t.Errorf("%s: QEMUVersion() = %q, want %q", tt.name, got, tt.version)
		}
	}
}
