package main

import (
	"sync"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/views/headless"
)

// loadConfig parses the configuration file; tests wrap it to count the
// parses.
var loadConfig = config.Load

// configFile is the configuration file of one run of qmpdash, parsed once:
// the first command path that needs it reads it, and every later need of
// the run (targets, keys, session settings, the history) shares that one
// result, error included. The keys overlay's saves edit the file without
// coming back here.
type configFile struct {
	path string
	once sync.Once
	cfg  *config.Config
	err  error
}

// newConfigFile is the configuration file at its default path, not read
// yet.
func newConfigFile() *configFile {
	return &configFile{path: config.DefaultPath()}
}

// load parses the file the first time and returns that result ever after.
// It is safe for concurrent use.
func (f *configFile) load() (*config.Config, error) {
	f.once.Do(func() { f.cfg, f.err = loadConfig(f.path) })
	return f.cfg, f.err
}

// required is the configuration for a target that needs the file (an
// @name, or no address at all): a file that does not load is a usage
// error there.
func (f *configFile) required() (*config.Config, error) {
	cfg, err := f.load()
	if err != nil {
		return nil, &headless.ExitError{Code: headless.ExitUsage, Err: err}
	}
	return cfg, nil
}

// settings is the configuration for everything else: a file that does not
// load gives the defaults (the dashboard shows its error among its
// messages; see loadKeys).
func (f *configFile) settings() *config.Config {
	if cfg, err := f.load(); err == nil {
		return cfg
	}
	return &config.Config{Path: f.path}
}
