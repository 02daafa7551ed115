package app

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
	if len(parts) == 0 {
		name := manPageFor[src.Kind]
		if name == "" {
			name = manPageFor["qmp"]
		}
		path, err := docs.FindManPage(name)
		if errors.Is(err, fs.ErrNotExist) {
			return docs.Merge(), nil
		}
		if err != nil {
			return nil, err
		}
		ix, err := docs.ParseManFile(path)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ix)
	}
	return docs.Merge(parts...), nil
}
