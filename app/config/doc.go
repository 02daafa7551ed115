// Package config is the user's configuration file, config.toml: the
// monitors it names ([[vm]]), the safety settings (confirm,
// history_secrets, [timeouts]), the [events] trouble rules, the [limits]
// memory bounds and the keys ([keys], [[macro]], keymap). It turns that
// file into what the rest of qmpdash runs on: session settings
// (Config.SessionFor), a keymap (Config.BuildKeymap), and it writes the
// keys overlay's changes back into the file (SaveKeyBinding, SaveMacro).
//
// Invariants:
//
//   - Its user parses the file once per process (Load) and passes the
//     *Config on; every later question about the configuration is a
//     method of that value, which does not read the file again.
//   - Every error of the file is an *Error naming the file and, where it
//     can tell, the line (and column) and the key at fault.
//   - Whatever the file leaves out has its default: a missing file is an
//     empty Config, and an empty Config gives the same sessions and keys
//     as no file at all.
//   - It is where configuration meets keymap: nothing else under app
//     imports keymap or this package (config imports app/session, never
//     the other way), so sessions know nothing of keys. (app/complete
//     completes the dashboard commands the views hand it from keymap.)
//   - The files it writes are private: an edit keeps the file's mode (0600
//     for a new one), goes through a temporary file renamed into place,
//     and the directory it creates is 0700.
package config
