package history

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/termtext"
)

// DefaultSize is how many lines a File keeps.
const DefaultSize = 1000

// File is the persistent list of entered command lines, oldest first,
// kept in a 0600 file in a 0700 directory. Lines that carry a secret (see
// CarriesSecret) are not written unless KeepSecrets is set. A File with
// no Path keeps nothing.
type File struct {
	Path        string
	Max         int
	KeepSecrets bool
	// HMP says the lines are HMP command lines (the shell's -H).
	HMP bool
}

// DefaultPath is the history file in the XDG state directory.
func DefaultPath() string { return filepath.Join(paths.StateDir(), "history") }

// Load returns the stored lines, at most Max, oldest first. A missing file
// is an empty history. Lines holding characters EscapeControls would
// escape are left out: a line editor would send them to the terminal as
// they are when the line is recalled.
func (h File) Load() ([]string, error) {
	if h.Path == "" {
		return nil, nil
	}
	f, err := os.Open(h.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var lines []string
	br := bufio.NewReaderSize(f, 64<<10)
	for {
		line, err := readLine(br)
		if strings.TrimSpace(line) != "" && termtext.EscapeControls(line) == line {
			lines = append(lines, line)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", h.Path, err)
		}
	}
	if max := h.max(); len(lines) > max {
		lines = lines[len(lines)-max:]
	}
	return lines, nil
}

// maxLine is the longest history line kept; longer ones are
// skipped whole and the lines after them still load.
const maxLine = 1 << 20

// readLine returns the next line without its end, or "" for one
// longer than maxLine, which it consumes without holding it.
func readLine(br *bufio.Reader) (string, error) {
	var acc []byte
	tooLong := false
	for {
		frag, err := br.ReadSlice('\n')
		if !tooLong {
			acc = append(acc, frag...)
			if len(acc) > maxLine+1 {
				acc, tooLong = nil, true
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return strings.TrimRight(string(acc), "\r\n"), err
	}
}

// Add appends a line unless it is blank, holds control or format
// characters (so multi-line too), or carries a secret. It reports whether
// the line was stored.
func (h File) Add(line string) (bool, error) {
	if h.Path == "" || strings.TrimSpace(line) == "" || termtext.EscapeControls(line) != line || (!h.KeepSecrets && CarriesSecret(line, h.HMP)) {
		return false, nil
	}
	if err := paths.EnsurePrivateDir(filepath.Dir(h.Path)); err != nil {
		return false, err
	}
	f, err := os.OpenFile(h.Path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return false, err
	}
	_, err = f.WriteString(line + "\n")
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err == nil, err
}

func (h File) max() int {
	if h.Max > 0 {
		return h.Max
	}
	return DefaultSize
}
