package main

import (
	"fmt"
	"path/filepath"

	"github.com/qmpdash/qmpdash/app"
	"github.com/qmpdash/qmpdash/app/config"
)

// historyStore is the input history file, keeping secret-looking lines
// only when the configuration says so. When its directory cannot be made
// (HOME unwritable, say), history is off and the error says why: the
// dashboard and the shell still run.
func historyStore(cfg *config.Config) (app.History, error) {
	h := app.History{Path: app.DefaultHistoryPath(), KeepSecrets: cfg.HistorySecrets}
	if err := app.EnsurePrivateDir(filepath.Dir(h.Path)); err != nil {
		return app.History{}, fmt.Errorf("command history is not saved: %w", err)
	}
	return h, nil
}

// looseFiles warns of each existing file among paths ("" skipped) that
// other users may read: qmpdash appends to it without changing its mode.
func looseFiles(paths ...string) []error {
	var warnings []error
	for _, p := range paths {
		if p == "" {
			continue
		}
		if err := app.LooseFile(p); err != nil {
			warnings = append(warnings, err)
		}
	}
	return warnings
}
