package main

import (
	"fmt"
	"path/filepath"

	"github.com/qmpdash/qmpdash/app"
)

// safetyConfig is the configuration file for its safety settings
// (confirmations, timeouts, secrets in the history). A file that does not
// load gives the defaults: the dashboard shows its errors among its
// messages, and @name targets fail on them before this is asked.
func safetyConfig() *app.Config {
	cfg, err := app.LoadConfig(app.DefaultConfigPath())
	if err != nil {
		return &app.Config{}
	}
	return cfg
}

// historyStore is the input history file, keeping secret-looking lines
// only when the configuration says so. When its directory cannot be made
// (HOME unwritable, say), history is off and the error says why: the
// dashboard and the shell still run.
func historyStore(cfg *app.Config) (app.History, error) {
	h := app.History{Path: app.DefaultHistoryPath(), KeepSecrets: cfg.HistorySecrets}
	if err := app.EnsurePrivateDir(filepath.Dir(h.Path)); err != nil {
		return app.History{}, fmt.Errorf("command history is not saved: %w", err)
	}
	return h, nil
}
