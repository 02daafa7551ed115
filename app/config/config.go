package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/transport/remote"
)

// Config is the user's configuration file, config.toml:
//
//	[[vm]]
//	name = "web1"
//	address = "/run/qemu/web1.sock"
//	mode = "qmp"            # "qmp", "qga" or "auto" (the default)
//	log = "~/qmp-web1.jsonl"
//	# address = "tls://web1.example:4444" with tls_ca, tls_cert, tls_key
//	# and tls_server_name, or "ssh://host/run/qemu/web1.sock"
//
// and the keys (see BuildKeymap and docs/keys.md):
//
//	keymap = "emacs"
//	[keys]
//	"event.mute" = ["m", "ctrl+x"]
//	[[macro]]
//	key = "f5"
//	run = "query-status"
type Config struct {
	// Path is the file the configuration was read from.
	Path string `toml:"-"`
	VMs  []VM   `toml:"vm"`
	// Keymap names the key preset to start from: "default" or "emacs".
	Keymap string `toml:"keymap"`
	// Keys and Macros are the [keys] table and the [[macro]] tables as
	// decoded. They are loosely typed on purpose: BuildKeymap checks them,
	// so that a mistake there is a warning, not a file that does not load.
	Keys   map[string]any   `toml:"keys"`
	Macros []map[string]any `toml:"macro"`
	// Confirm, HistorySecrets and Timeouts are the safety settings; see
	// ConfirmList and CommandTimeouts.
	Confirm        []string          `toml:"confirm"`
	HistorySecrets bool              `toml:"history_secrets"`
	Timeouts       map[string]string `toml:"timeouts"`
	timeouts       map[string]time.Duration
	// Events is the [events] table; see TroubleRules.
	Events  Events `toml:"events"`
	trouble *store.Trouble
	// Limits is the [limits] table: the memory bounds (see MemoryLimits).
	Limits          Limits `toml:"limits"`
	events, replies store.Limits
	messageBytes    int64
	// text is the file as read, to find an entry's line in.
	text []byte
}

// VM is one named monitor.
type VM struct {
	Name    string `toml:"name"`
	Address string `toml:"address"`
	Mode    string `toml:"mode"`
	Log     string `toml:"log"`
	// ReadOnly sends only commands known not to change state.
	ReadOnly bool `toml:"read_only"`
	// TLS files and server name for a tls:// address (see remote.TLSFiles).
	TLSCA         string `toml:"tls_ca"`
	TLSCert       string `toml:"tls_cert"`
	TLSKey        string `toml:"tls_key"`
	TLSServerName string `toml:"tls_server_name"`
}

// TLS returns the entry's TLS settings.
func (v VM) TLS() remote.TLSFiles {
	return remote.TLSFiles{CA: v.TLSCA, Cert: v.TLSCert, Key: v.TLSKey, ServerName: v.TLSServerName}
}

// Protocol returns the dialect the entry asks for.
func (v VM) Protocol() transport.Protocol {
	switch v.Mode {
	case "qmp":
		return transport.ProtocolQMP
	case "qga":
		return transport.ProtocolGuestAgent
	}
	return transport.ProtocolAuto
}

// Error locates a problem in the configuration file.
type Error struct {
	File      string
	Line, Col int // 1-based; 0 when unknown
	Key       string
	Msg       string
}

// Error renders file:line:col: key: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Key != "" {
		b.WriteString(e.Key + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// DefaultPath is config.toml in the XDG config directory.
func DefaultPath() string { return filepath.Join(paths.ConfigDir(), "config.toml") }

// Load reads and checks a configuration file. A missing file is an
// empty configuration. Every error is an *Error naming the file, the
// line and the key.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &Config{Path: path}, nil
	}
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// Parse decodes and checks configuration text; path names it in
// errors.
func Parse(path string, data []byte) (*Config, error) {
	cfg := &Config{Path: path, text: data}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, decodeError(path, err)
	}
	seen := map[string]int{}
	for i, vm := range cfg.VMs {
		at := func(key, format string, args ...any) error {
			line := keyLine(data, "vm", i, key)
			return &Error{File: path, Line: line, Key: fmt.Sprintf("vm[%d].%s", i, key), Msg: fmt.Sprintf(format, args...)}
		}
		switch {
		case vm.Name == "":
			return nil, at("name", "every [[vm]] needs a name")
		case strings.ContainsAny(vm.Name, " \t@/"):
			return nil, at("name", "%q: a name has no spaces, '@' or '/'", vm.Name)
		case seen[vm.Name] > 0:
			return nil, at("name", "%q is already the name of vm[%d]", vm.Name, seen[vm.Name]-1)
		case vm.Address == "":
			return nil, at("address", "vm %q has no address", vm.Name)
		case vm.Mode != "" && vm.Mode != "qmp" && vm.Mode != "qga" && vm.Mode != "auto":
			return nil, at("mode", "%q: use \"qmp\", \"qga\" or \"auto\"", vm.Mode)
		}
		if err := transport.CheckAddress(vm.Address); err != nil {
			return nil, at("address", "%v", err)
		}
		seen[vm.Name] = i + 1
		cfg.VMs[i].Log = paths.ExpandHome(vm.Log)
		cfg.VMs[i].TLSCA, cfg.VMs[i].TLSCert, cfg.VMs[i].TLSKey = paths.ExpandHome(vm.TLSCA), paths.ExpandHome(vm.TLSCert), paths.ExpandHome(vm.TLSKey)
	}
	if err := cfg.checkSafety(); err != nil {
		return nil, err
	}
	if err := cfg.checkEvents(); err != nil {
		return nil, err
	}
	if err := cfg.checkLimits(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// VM returns the entry called name.
func (c *Config) VM(name string) (VM, bool) {
	for _, vm := range c.VMs {
		if vm.Name == name {
			return vm, true
		}
	}
	return VM{}, false
}

// decodeError turns the TOML library's errors into Errors.
func decodeError(path string, err error) error {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) && len(strict.Errors) > 0 {
		e := strict.Errors[0]
		line, col := e.Position()
		return &Error{File: path, Line: line, Col: col, Key: strings.Join(e.Key(), "."), Msg: "unknown key"}
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return &Error{File: path, Line: line, Col: col, Msg: strings.TrimPrefix(de.Error(), "toml: ")}
	}
	return &Error{File: path, Msg: err.Error()}
}

var tableHeader = regexp.MustCompile(`^\s*\[\[\s*([A-Za-z0-9_-]+)\s*\]\]`)

// keyLine finds the line of key in the n-th [[table]] of a document, for
// errors found after decoding; 0 when it cannot tell.
func keyLine(data []byte, table string, n int, key string) int {
	keyRE := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	count, header := -1, 0
	for i, line := range strings.Split(string(data), "\n") {
		if m := tableHeader.FindStringSubmatch(line); m != nil {
			if count == n {
				break // the entry ended without the key: point at its header
			}
			if m[1] == table {
				count++
				header = i + 1
			}
			continue
		}
		if count == n && keyRE.MatchString(line) {
			return i + 1
		}
	}
	if count >= n {
		return header
	}
	return 0
}
