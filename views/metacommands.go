package views

import (
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/keymap"
)

// metaHandlers bind the dashboard commands of keymap.MetaCommands, by
// name, to what runs them; a test checks that every one has a handler.
var metaHandlers = map[string]func(d *Dashboard, arg string) error{
	"doc":     (*Dashboard).metaDoc,
	"keys":    (*Dashboard).metaKeys,
	"open":    (*Dashboard).metaOpen,
	"close":   (*Dashboard).metaClose,
	"vm":      (*Dashboard).metaVM,
	"replay":  (*Dashboard).metaReplay,
	"save":    (*Dashboard).metaSave,
	"watch":   (*Dashboard).metaWatch,
	"latency": (*Dashboard).metaLatency,
	"qom":     (*Dashboard).metaQOM,
	"views":   (*Dashboard).metaViews,
}

// runMeta runs a dashboard command line (":doc block_resize").
func (d *Dashboard) runMeta(line string) error {
	name, arg, _ := strings.Cut(strings.TrimPrefix(line, ":"), " ")
	for _, m := range keymap.MetaCommands() {
		if run := metaHandlers[m.Name]; m.Name == name && run != nil {
			return run(d, strings.TrimSpace(arg))
		}
	}
	return fmt.Errorf("unknown dashboard command %q; %s", ":"+name, keymap.MetaUsage())
}

// metaDoc is :doc [NAME].
func (d *Dashboard) metaDoc(arg string) error {
	if arg == "" {
		d.openDocsSearch("")
		return nil
	}
	d.openDocs(arg)
	return nil
}
