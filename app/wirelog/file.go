package wirelog

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
)

// RotatedFiles is how many rotated session logs are kept: FILE.1 (the
// newest) to FILE.3.
const RotatedFiles = 3

// logFile is one session log file shared by every Log writing to its
// path in this process, so that records of several VMs never interleave
// and rotation happens once. Each line is one write(2) to a file opened
// O_APPEND: other processes appending to the same file do not tear lines
// either, but rotation is not coordinated with them.
type logFile struct {
	path string
	max  int64 // rotate before a line would grow the file past this; 0: never

	mu   sync.Mutex
	f    *os.File
	size int64
	refs int
}

// openLogs maps absolute paths to their shared files.
var openLogs = struct {
	sync.Mutex
	m map[string]*logFile
}{m: map[string]*logFile{}}

// openLogFile opens (creating 0600) the log at path for appending, or
// shares the handle already open for it. The first opener's max applies.
func openLogFile(path string, max int64) (*logFile, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("opening log: %w", err)
	}
	openLogs.Lock()
	defer openLogs.Unlock()
	if lf := openLogs.m[abs]; lf != nil {
		lf.mu.Lock()
		lf.refs++
		lf.mu.Unlock()
		return lf, nil
	}
	lf := &logFile{path: abs, max: max, refs: 1}
	if err := lf.open(); err != nil {
		return nil, err
	}
	openLogs.m[abs] = lf
	return lf, nil
}

// open opens the file at lf.path; the caller holds lf.mu or owns lf.
func (lf *logFile) open() error {
	f, err := os.OpenFile(lf.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("opening log: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("opening log: %w", err)
	}
	lf.f, lf.size = f, fi.Size()
	return nil
}

// writeLine appends one whole line with a single write, rotating first if
// the line would take the file past its maximum size.
func (lf *logFile) writeLine(line []byte) error {
	lf.mu.Lock()
	defer lf.mu.Unlock()
	if lf.f == nil {
		return fmt.Errorf("log %s is closed", lf.path)
	}
	if lf.max > 0 && lf.size > 0 && lf.size+int64(len(line)) > lf.max {
		if err := lf.rotate(); err != nil {
			return err
		}
	}
	n, err := lf.f.Write(line)
	lf.size += int64(n)
	if err != nil {
		return fmt.Errorf("writing log %s: %w", lf.path, err)
	}
	return nil
}

// rotate renames FILE.2 to FILE.3, FILE.1 to FILE.2, FILE to FILE.1 and
// starts a new FILE; the oldest beyond RotatedFiles is overwritten. The
// caller holds lf.mu.
func (lf *logFile) rotate() error {
	if err := lf.f.Close(); err != nil {
		lf.f = nil
		return fmt.Errorf("rotating log %s: %w", lf.path, err)
	}
	lf.f = nil
	for i := RotatedFiles - 1; i >= 1; i-- {
		from := lf.path + "." + strconv.Itoa(i)
		if err := os.Rename(from, lf.path+"."+strconv.Itoa(i+1)); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("rotating log: %w", err)
		}
	}
	if err := os.Rename(lf.path, lf.path+".1"); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("rotating log: %w", err)
	}
	return lf.open()
}

// release drops one reference, closing the file with the last.
func (lf *logFile) release() error {
	openLogs.Lock()
	defer openLogs.Unlock()
	lf.mu.Lock()
	defer lf.mu.Unlock()
	lf.refs--
	if lf.refs > 0 {
		return nil
	}
	delete(openLogs.m, lf.path)
	if lf.f == nil {
		return nil
	}
	err := lf.f.Close()
	lf.f = nil
	return err
}
