package config

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/send"
)

func TestConfigSafetySettings(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(`confirm = ["quit", "device_*"]
history_secrets = true
[timeouts]
default = "45s"
migrate = "5m"
"blockdev-*" = "2m"
`))
	if err != nil {
		t.Fatal(err)
	}
	def, over := cfg.CommandTimeouts()
	if def != 45*time.Second || over["migrate"] != 5*time.Minute || over["blockdev-*"] != 2*time.Minute || len(over) != 2 {
		t.Fatalf("timeouts = %v %v", def, over)
	}
	to := send.Timeouts{Default: def, Overrides: over}
	if to.For("migrate") != 5*time.Minute || to.For("blockdev-del") != 2*time.Minute || to.For("stop") != 45*time.Second {
		t.Fatalf("For: migrate %v, blockdev-del %v, stop %v", to.For("migrate"), to.For("blockdev-del"), to.For("stop"))
	}
	if !cfg.HistorySecrets || !slices.Equal(cfg.ConfirmList(), []string{"quit", "device_*"}) {
		t.Fatalf("history_secrets %v, confirm %v", cfg.HistorySecrets, cfg.ConfirmList())
	}
}

func TestConfigSafetyDefaults(t *testing.T) {
	cfg, err := Parse("c.toml", []byte(goodConfig))
	if err != nil {
		t.Fatal(err)
	}
	if def, over := cfg.CommandTimeouts(); def != 0 || len(over) != 0 {
		t.Fatalf("timeouts without a table: %v %v", def, over)
	}
	if cfg.HistorySecrets || !slices.Equal(cfg.ConfirmList(), send.DefaultConfirm()) {
		t.Fatal("without settings, secrets are kept or the default confirmations are lost")
	}
	empty, err := Parse("c.toml", []byte("confirm = []\n"))
	if err != nil || empty.ConfirmList() == nil || len(empty.ConfirmList()) != 0 {
		t.Fatalf("an empty confirm list should confirm nothing: %v %v", empty.ConfirmList(), err)
	}
}

func TestConfigSafetyErrorsNameTheLine(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"not a duration", "[[vm]]\nname = \"a\"\naddress = \"/x\"\n[timeouts]\ndefault = \"30s\"\nmigrate = \"five minutes\"\n",
			`c.toml:6: timeouts.migrate: "five minutes" is not a duration`},
		{"zero", "[timeouts]\n\"device_add\" = \"0s\"\n", `c.toml:2: timeouts.device_add: "0s": a timeout must be longer than zero`},
		{"bad glob", "[timeouts]\n\"blockdev-[\" = \"1m\"\n", "c.toml:2: timeouts.blockdev-[: not a command name or glob"},
		{"number", "[timeouts]\nmigrate = 300\n", "c.toml:2:"},
		{"bad confirm", "keymap = \"default\"\nconfirm = [\"quit\", \"[\"]\n", `c.toml:2: confirm[1]: "[" is not a command name or glob`},
		{"typo", "history_secret = true\n", "c.toml:1:1: history_secret: unknown key"},
	}
	for _, tt := range tests {
		_, err := Parse("c.toml", []byte(tt.text))
		var cerr *Error
		if !errors.As(err, &cerr) || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want prefix %q", tt.name, err, tt.want)
		}
	}
}

func TestHistorySecretsOnlyWhenConfigured(t *testing.T) {
	const secret = "object-add qom-type=secret id=s0 data=hunter2"
	for _, keep := range []bool{false, true} {
		cfg, err := Parse("c.toml", []byte(fmt.Sprintf("history_secrets = %v\n", keep)))
		if err != nil {
			t.Fatal(err)
		}
		h := history.File{Path: filepath.Join(t.TempDir(), "state", "history"), KeepSecrets: cfg.HistorySecrets}
		stored, err := h.Add(secret)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := h.Load()
		if stored != keep || (len(got) == 1) != keep {
			t.Errorf("history_secrets = %v: stored %v, history %q", keep, stored, got)
		}
	}
}
