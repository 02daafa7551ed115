package main

import (
	"fmt"
	"strconv"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/transport"
	"github.com/qmpdash/qmpdash/app/wirelog"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/pflag"
)

// logFlags are --log and --log-max, taken by the commands that talk to a
// monitor for long.
type logFlags struct {
	path string
	max  byteSize
}

func (f *logFlags) register(fs *pflag.FlagSet) {
	fs.StringVarP(&f.path, "log", "l", "", "append every wire message to `FILE` as JSON lines (the session log)")
	fs.Var(&f.max, "log-max", fmt.Sprintf("rotate the log before it grows past `SIZE` (like 10M or 1G); FILE.1 to FILE.%d are kept", wirelog.RotatedFiles))
}

// open opens the session log for vm: --log, else the VM's log setting;
// nil when neither is set. An unusable file is a usage error.
func (f *logFlags) open(vm config.VM) (*wirelog.Log, error) {
	path := f.path
	if path == "" {
		path = vm.Log
	}
	if path == "" {
		return nil, nil
	}
	log, err := wirelog.Open(path, vm.Name, transport.AbsoluteAddress(vm.Address), int64(f.max))
	if err != nil {
		return nil, &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	return log, nil
}

// byteSize is a size flag: a number of bytes with an optional K, M or G
// suffix (powers of 1024; KiB, MiB and GiB are accepted too).
type byteSize int64

// Set parses a size such as 10MiB (pflag.Value).
func (b *byteSize) Set(s string) error {
	n, err := config.ParseSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

// String prints the size as --help shows its default.
func (b *byteSize) String() string {
	if *b == 0 {
		return ""
	}
	return strconv.FormatInt(int64(*b), 10)
}

// Type names the value in --help.
func (b *byteSize) Type() string { return "size" }
