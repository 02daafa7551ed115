package session

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
)

func TestVersionNote(t *testing.T) {
	v72 := qmp.Version{Major: 7, Minor: 2, Micro: 22}
	tests := []struct {
		documented string
		mode       qmp.Mode
		server     qmp.Version
		want       string
	}{
		{"7.2.22", qmp.ModeQMP, v72, ""},
		{"7.2", qmp.ModeQMP, v72, ""}, // only the parts the docs give
		{"7.2.0-rc1", qmp.ModeQMP, qmp.Version{Major: 7, Minor: 2}, ""},
		{"7.2.0", qmp.ModeQMP, qmp.Version{Major: 10, Minor: 0, Micro: 2}, "docs are for QEMU 7.2.0, connected to 10.0.2"},
		{"7.1", qmp.ModeQMP, v72, "docs are for QEMU 7.1, connected to 7.2.22"},
		{"", qmp.ModeQMP, v72, ""},
		{"7.1", qmp.ModeGuestAgent, qmp.Version{}, ""}, // the agent tells no version
	}
	for _, tt := range tests {
		if got := versionNote(tt.documented, tt.mode, tt.server); got != tt.want {
			t.Errorf("versionNote(%q, %v, %v) = %q, want %q", tt.documented, tt.mode, tt.server, got, tt.want)
		}
	}
}

// startDocsSession runs a session with documentation from src against a
// fake QEMU 7.2 and waits until the documentation step is done.
func startDocsSession(t *testing.T, src DocSources, done func(*Session) bool) *Session {
	t.Helper()
	srv := qmptest.NewServer(t)
	s := New(Config{Addr: srv.Path, Protocol: transport.ProtocolQMP, Docs: src, Backoff: qmp.Backoff{Initial: 10 * time.Millisecond}})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { s.Run(ctx); close(stopped) }()
	t.Cleanup(func() { cancel(); <-stopped })
	serveSession(srv.Accept(), "running")
	qmptest.Eventually(t, "the documentation step", func() bool { return done(s) })
	return s
}

func TestSessionLoadsDocs(t *testing.T) {
	s := startDocsSession(t, DocSources{ManPages: []string{filepath.Join("..", "..", "docs", "testdata", "ref-7x.7")}},
		func(s *Session) bool { return s.Docs() != nil })
	if s.Docs().Lookup("frob-widget") == nil {
		t.Error("the man page was not read")
	}
	// The fixture documents 7.9.1; the fake server greets as 7.2.22.
	if got, want := s.DocsNote(), "docs are for QEMU 7.9.1, connected to 7.2.22"; got != want {
		t.Errorf("DocsNote() = %q, want %q", got, want)
	}
}

func TestSessionWithoutDocs(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.7")
	if err := os.WriteFile(empty, []byte(".TH EMPTY 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hinted := func(s *Session) bool {
		for _, n := range s.Notices.All() {
			if n.Text == docs.NoProseHint {
				return true
			}
		}
		return false
	}
	s := startDocsSession(t, DocSources{ManPages: []string{empty}}, hinted)
	if s.Docs() == nil || s.Docs().Len() != 0 || s.DocsNote() != "" {
		t.Errorf("Docs() = %v, note %q", s.Docs(), s.DocsNote())
	}

	broken := func(s *Session) bool {
		for _, n := range s.Notices.All() {
			if strings.HasPrefix(n.Text, "no documentation: ") && n.Level == store.Warning {
				return true
			}
		}
		return false
	}
	s = startDocsSession(t, DocSources{QAPIDir: filepath.Join(t.TempDir(), "missing")}, broken)
	if s.Docs() != nil {
		t.Error("a failed load left an index")
	}
}
