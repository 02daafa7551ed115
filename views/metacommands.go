package views

import (
	"fmt"
	"strings"
)

// metaCommand is one dashboard command of the input line.
type metaCommand struct {
	name string
	run  func(d *Dashboard, arg string) error
}

// metaCommands are the dashboard commands, looked up by name.
var metaCommands = []metaCommand{
	{"doc", (*Dashboard).metaDoc},
	{"keys", (*Dashboard).metaKeys},
	{"open", (*Dashboard).metaOpen},
	{"close", (*Dashboard).metaClose},
	{"vm", (*Dashboard).metaVM},
	{"replay", (*Dashboard).metaReplay},
	{"save", (*Dashboard).metaSave},
}

// metaUsage is the hint shown while a dashboard command is typed.
const metaUsage = ":doc [NAME] docs · :keys [FILTER] keys · :open ADDR [as NAME] · :close [NAME] · :vm NAME focuses · :replay FILE|stop · :save FILE"

// runMeta runs a dashboard command line (":doc block_resize").
func (d *Dashboard) runMeta(line string) error {
	name, arg, _ := strings.Cut(strings.TrimPrefix(line, ":"), " ")
	for _, m := range metaCommands {
		if m.name == name {
			return m.run(d, strings.TrimSpace(arg))
		}
	}
	return fmt.Errorf("unknown dashboard command %q; %s", ":"+name, metaUsage)
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
