package session

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
)

// DocSources says where to read documentation prose from. Explicit
// sources come first; the installed man page for the endpoint's kind is
// the fallback.
type DocSources struct {
	// QAPIDir is a QEMU source tree's qapi/ directory.
	QAPIDir string
	// ManPages are roff files (plain or gzipped).
	ManPages []string
	// HTML are Sphinx HTML manuals such as interop/qemu-qmp-ref.html
	// (plain or gzipped), merged after the man pages.
	HTML []string
	// Kind picks the installed man page: "qmp", "qga" or "qsd".
	Kind string
}

// manPageFor names the reference manual of each kind of endpoint.
var manPageFor = map[string]string{
	"qmp": "qemu-qmp-ref",
	"qga": "qemu-ga-ref",
	"qsd": "qemu-storage-daemon-qmp-ref",
}

// EndpointKind guesses the documentation kind of a connected server: the
// guest agent, the storage daemon (no run state to query), or QEMU.
func EndpointKind(mode qmp.Mode, s *docs.Schema) string {
	switch {
	case mode == qmp.ModeGuestAgent:
		return "qga"
	case s != nil && s.Command("query-status") == nil && s.Command("block-export-add") != nil:
		return "qsd"
	}
	return "qmp"
}

// LoadDocs reads and merges the documentation sources. It returns an empty
// index and no error when nothing is installed: prose is optional.
func LoadDocs(src DocSources) (*docs.Index, error) {
	var parts []*docs.Index
	if src.QAPIDir != "" {
		ix, err := docs.ParseQAPIDir(src.QAPIDir)
		if err != nil {
			return nil, fmt.Errorf("reading --qapi-dir: %w", err)
		}
		parts = append(parts, ix)
	}
	for _, path := range src.ManPages {
		ix, err := docs.ParseManFile(path)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ix)
	}
	for _, path := range src.HTML {
		ix, err := docs.ParseHTMLFile(path)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ix)
	}
	if len(parts) == 0 {
		ix, err := installedDocs(src.Kind)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ix)
	}
	return docs.Merge(parts...), nil
}

// installedDocs reads the installed manual for the endpoint kind: the man
// page, else the HTML manual, which newer distributions may ship alone.
// Parsing one is enough, as both hold the same text. Neither installed
// gives a nil index and no error.
func installedDocs(kind string) (*docs.Index, error) {
	name := manPageFor[kind]
	if name == "" {
		name = manPageFor["qmp"]
	}
	path, err := docs.FindManPage(name)
	if err == nil {
		return docs.ParseManFile(path)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	path, err = docs.FindHTMLRef(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return docs.ParseHTMLFile(path)
}
