package session

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"

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
//
// Sessions share what it parses: the VMs of one QEMU read the same
// manual, and each parse of the 7.2 man page takes ~25 ms and 1–2 MiB of
// heap, so 64 VMs parsed it 64 times at start-up. A result is shared
// while the files it was read from keep their size and modification time
// (a QEMU upgraded meanwhile is read anew); a QEMU source tree
// (QAPIDir), which its developer may be editing, is read every time.
func LoadDocs(src DocSources) (*docs.Index, error) {
	installed, err := installedManual(src)
	if err != nil {
		return nil, err
	}
	key, shareable := docsKey(src, installed)
	if !shareable {
		return parseDocs(src, installed)
	}
	sharedDocs.mu.Lock()
	e := sharedDocs.m[key]
	if e == nil {
		e = &docsEntry{}
		sharedDocs.m[key] = e
	}
	sharedDocs.mu.Unlock()
	e.once.Do(func() { e.ix, e.err = parseDocs(src, installed) })
	if e.err != nil { // a failure is not kept: the next session tries again
		sharedDocs.mu.Lock()
		if sharedDocs.m[key] == e {
			delete(sharedDocs.m, key)
		}
		sharedDocs.mu.Unlock()
	}
	return e.ix, e.err
}

// sharedDocs holds the documentation LoadDocs parsed, by docsKey.
var sharedDocs = struct {
	mu sync.Mutex
	m  map[string]*docsEntry
}{m: map[string]*docsEntry{}}

// docsEntry is one parse, made once however many sessions ask at once.
type docsEntry struct {
	once sync.Once
	ix   *docs.Index
	err  error
}

// docsKey names the documentation src and the installed manual (if any)
// give, by every file's path, size and modification time; shareable is
// false for a QAPI directory and for a file that cannot be read (the
// parse then reports why).
func docsKey(src DocSources, installed string) (key string, shareable bool) {
	if src.QAPIDir != "" {
		return "", false
	}
	var b strings.Builder
	for _, group := range [][]string{src.ManPages, src.HTML, {installed}} {
		for _, path := range group {
			if path == "" {
				continue
			}
			fi, err := os.Stat(path)
			if err != nil {
				return "", false
			}
			fmt.Fprintf(&b, "%s\x00%d\x00%d\n", path, fi.Size(), fi.ModTime().UnixNano())
		}
		b.WriteString("|\n") // the groups apart: a man page is not an HTML manual
	}
	return b.String(), true
}

// parseDocs reads and merges the sources, or the installed manual when
// src names none.
func parseDocs(src DocSources, installed string) (*docs.Index, error) {
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
	if installed != "" {
		parse := docs.ParseManFile
		if isHTMLManual(installed) {
			parse = docs.ParseHTMLFile
		}
		ix, err := parse(installed)
		if err != nil {
			return nil, err
		}
		parts = append(parts, ix)
	}
	return docs.Merge(parts...), nil
}

// installedManual finds the installed manual for the endpoint kind when
// src names no source: the man page, else the HTML manual, which newer
// distributions may ship alone. Parsing one is enough, as both hold the
// same text. "" when src names a source or nothing is installed.
func installedManual(src DocSources) (string, error) {
	if src.QAPIDir != "" || len(src.ManPages) > 0 || len(src.HTML) > 0 {
		return "", nil
	}
	name := manPageFor[src.Kind]
	if name == "" {
		name = manPageFor["qmp"]
	}
	path, err := docs.FindManPage(name)
	if err == nil {
		return path, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	path, err = docs.FindHTMLRef(name)
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	return path, err
}

// isHTMLManual tells an HTML manual (plain or gzipped) from a man page.
func isHTMLManual(path string) bool {
	return strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".html.gz")
}
