package session

import (
	"strconv"
	"strings"

	"github.com/qmpdash/qmpdash/app/store"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
)

// Documentation in a session: once the schema is known the documentation
// index is read off the UI goroutine (parsing the 7.2 man page takes tens
// of milliseconds), kept for the session's life and compared with the
// connected server's version.

// Docs returns the documentation index, nil until it is loaded (and for
// ever when Config.NoDocs is set). It is immutable and safe to use
// from any goroutine.
func (s *Session) Docs() *docs.Index {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs
}

// DocsNote returns a one-line warning about the documentation, such as
// "docs are for QEMU 7.2.22, connected to 10.0.2", or "" when there is
// nothing to say.
func (s *Session) DocsNote() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docsNote
}

// loadDocs reads the documentation for the endpoint just connected. It
// parses the sources once per kind of endpoint: a reconnect to the same
// kind only rechecks the version, which an upgraded QEMU changes.
func (s *Session) loadDocs(mode qmp.Mode, schema *docs.Schema) {
	if s.cfg.NoDocs {
		return
	}
	src := s.cfg.Docs
	if src.Kind == "" {
		src.Kind = EndpointKind(mode, schema)
	}
	s.mu.Lock()
	ix, kind, greeting := s.docs, s.docsKind, s.state.Greeting
	s.mu.Unlock()
	if ix == nil || kind != src.Kind {
		var err error
		if ix, err = LoadDocs(src); err != nil {
			s.Notices.Add(store.Warning, "no documentation: "+err.Error())
			return
		}
		if ix.Len() == 0 {
			s.Notices.Add(store.Info, docs.NoProseHint)
		}
	}
	note := versionNote(docsVersion(ix), mode, greeting.Version)
	s.mu.Lock()
	s.docs, s.docsKind, s.docsNote = ix, src.Kind, note
	s.mu.Unlock()
	s.version.Bump()
}

// docsVersion is the QEMU version the documentation says it describes,
// "" when no entry says.
func docsVersion(ix *docs.Index) string {
	for _, name := range ix.Names() {
		if v := ix.Lookup(name).Version; v != "" {
			return v
		}
	}
	return ""
}

// versionNote compares the documented version with the server's. Only the
// parts the documentation gives are compared, so docs for "7.2" fit QEMU
// 7.2.22. The guest agent's greeting carries no version to compare.
func versionNote(documented string, mode qmp.Mode, server qmp.Version) string {
	if documented == "" || mode == qmp.ModeGuestAgent || server == (qmp.Version{}) {
		return ""
	}
	have := []int{server.Major, server.Minor, server.Micro}
	parts := strings.Split(documented, ".")
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || i >= len(have) {
			break // a suffix such as "rc1": compare what came before
		}
		if n != have[i] {
			return "docs are for QEMU " + documented + ", connected to " + server.String()
		}
	}
	return ""
}
