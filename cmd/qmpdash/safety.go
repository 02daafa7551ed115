package main

import (
	"fmt"
	"path/filepath"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/paths"
)

// historyStore is the input history file, keeping secret-looking lines
// only when the configuration says so. When its directory cannot be made
// (HOME unwritable, say), history is off and the error says why: the
// dashboard and the shell still run.
func historyStore(cfg *config.Config) (history.File, error) {
	h := history.File{Path: history.DefaultPath(), KeepSecrets: cfg.HistorySecrets}
	if err := paths.EnsurePrivateDir(filepath.Dir(h.Path)); err != nil {
		return history.File{}, fmt.Errorf("command history is not saved: %w", err)
	}
	return h, nil
}

// looseFiles warns of each existing file among files ("" skipped) that
// other users may read: qmpdash appends to it without changing its mode.
func looseFiles(files ...string) []error {
	var warnings []error
	for _, p := range files {
		if p == "" {
			continue
		}
		if err := paths.LooseFile(p); err != nil {
			warnings = append(warnings, err)
		}
	}
	return warnings
}
