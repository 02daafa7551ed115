// Command gendocs writes the key documentation, keymap.Markdown, to a
// file. `go generate ./keymap` runs it; keymap's tests fail when the file
// it wrote is stale.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/qmpdash/qmpdash/keymap"
)

func main() {
	out := flag.String("o", "", "write to `FILE` (default: standard output)")
	flag.Parse()
	if *out == "" {
		fmt.Print(keymap.Markdown())
		return
	}
	if err := os.WriteFile(*out, []byte(keymap.Markdown()), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
