package main

import (
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/spf13/pflag"
)

// registerDocSources adds --qapi-dir, --man and --html, which say where
// documentation comes from, to the commands that show it.
func registerDocSources(fs *pflag.FlagSet, src *session.DocSources) {
	fs.StringVar(&src.QAPIDir, "qapi-dir", "", "read documentation from a QEMU source tree's qapi/ `DIR`")
	fs.StringArrayVar(&src.ManPages, "man", nil, "read documentation from this man page `FILE` (repeatable)")
	fs.StringArrayVar(&src.HTML, "html", nil, "read documentation from this HTML manual `FILE`, e.g. interop/qemu-qmp-ref.html (repeatable)")
}
