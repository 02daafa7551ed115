//go:build linux

package main

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/qmpdash/qmpdash/app/config"
	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/qmpdash/qmpdash/views/headless"
	"github.com/spf13/cobra"
)

// countParses counts every parse of the configuration file until the end
// of the test.
func countParses(t *testing.T) *atomic.Int32 {
	t.Helper()
	var n atomic.Int32
	parse := loadConfig
	loadConfig = func(path string) (*config.Config, error) {
		n.Add(1)
		return parse(path)
	}
	t.Cleanup(func() { loadConfig = parse })
	return &n
}

// onceConfig names the fake server's VM read-only, so that a command that
// reaches it by address or by name shows whether its settings arrived,
// and sets every other kind of setting a run reads.
func onceConfig(sock string) string {
	return `confirm = ["system_reset"]
history_secrets = true
[timeouts]
default = "7s"
[limits]
events_bytes = "8MiB"
[[vm]]
name = "prod"
address = "` + sock + `"
read_only = true
`
}

// Each command path reads config.toml once however many of its parts need
// the configuration: targets, the VM's settings by address, the policy,
// the dialer, the history, the keys, the sessions and :open.
func TestConfigParsedOncePerRun(t *testing.T) {
	privateXDG(t)
	sock := plainServer(t, func(r qmptest.Request) string { return "" })
	withConfig(t, onceConfig(sock))
	script := filepath.Join(t.TempDir(), "script")
	if err := os.WriteFile(script, []byte("query-status\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args        []string
		stdin       string
		code        int
		out, errOut string
	}{
		{[]string{"exec", "@prod", "query-status"}, "", 0, `"status":"running"`, ""},
		{[]string{"exec", sock, "stop"}, "", headless.ExitUsage, "", "read-only mode"},
		{[]string{"shell", "@prod"}, "query-status\nstop\n", headless.ExitQMPError, `"status":"running"`, "read-only mode"},
		{[]string{"shell", sock}, "stop\n", headless.ExitQMPError, "", "read-only mode"},
		{[]string{"events", "--timeout", "50ms", "@prod"}, "", 0, "", ""},
		{[]string{"replay", "--to", "@prod", script}, "", 0, "ok status=running", ""},
	}
	for _, tc := range tests {
		parses := countParses(t)
		code, out, errOut := runIn(t, tc.stdin, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.errOut) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %d, %q and %q", tc.args, code, out, errOut, tc.code, tc.out, tc.errOut)
		}
		if n := parses.Load(); n != 1 {
			t.Errorf("%q parsed the configuration file %d times, want once", tc.args, n)
		}
	}
}

// The dashboard's start-up (targets, keys, limits, sessions, history) and
// a VM added later with :open share one parse of config.toml.
func TestDashboardParsesConfigOnce(t *testing.T) {
	privateXDG(t)
	sock := filepath.Join(t.TempDir(), "prod.sock") // nobody listens: the sessions keep trying
	path := withConfig(t, onceConfig(sock))
	parses := countParses(t)
	f := dashboardFlags{conn: connFlags{config: newConfigFile()}}
	f.register(&cobra.Command{})
	var logs wireLogs
	defer logs.closeAll()
	fleet, opts, err := f.start(context.Background(), []string{"@prod"}, -1, &logs)
	if err != nil {
		t.Fatal(err)
	}
	defer fleet.Close()
	opened, err := fleet.Open("unix:"+sock, "again")
	if err != nil {
		t.Fatal(err)
	}
	tmpl := fleet.Template()
	switch {
	case !fleet.Session("prod").ReadOnly() || !opened.ReadOnly():
		t.Errorf("read-only: prod %v, opened by address %v; want both", fleet.Session("prod").ReadOnly(), opened.ReadOnly())
	case !slices.Equal(tmpl.Policy.Confirm, []string{"system_reset"}) || tmpl.CommandTimeout != 7*time.Second || tmpl.EventLimits.Bytes != 8<<20:
		t.Errorf("template: confirm %v, timeout %v, limits %+v", tmpl.Policy.Confirm, tmpl.CommandTimeout, tmpl.EventLimits)
	case !opts.History.KeepSecrets || opts.ConfigPath != path || opts.Keymap == nil:
		t.Errorf("options: history %+v, config path %q", opts.History, opts.ConfigPath)
	}
	if n := parses.Load(); n != 1 {
		t.Errorf("the dashboard parsed the configuration file %d times, want once", n)
	}
}

// Only the loader of configFile parses config.toml in this command: any
// other parse would read it a second time.
func TestOnlyTheLoaderParsesTheConfig(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var uses []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		pkgName := configImportName(file)
		ast.Inspect(file, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok {
				if pkg, ok := sel.X.(*ast.Ident); ok && pkgName != "" && pkg.Name == pkgName && (sel.Sel.Name == "Load" || sel.Sel.Name == "Parse") {
					uses = append(uses, fset.Position(sel.Pos()).String())
				}
			}
			return true
		})
	}
	if len(uses) != 1 || !strings.HasPrefix(uses[0], "config.go:") {
		t.Fatalf("config.Load and config.Parse are used at %v; want only config.go's loadConfig", uses)
	}
}

// configImportName is the name file gives the app/config package, "" when
// it does not import it.
func configImportName(file *ast.File) string {
	for _, imp := range file.Imports {
		if imp.Path.Value != `"github.com/qmpdash/qmpdash/app/config"` {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name
		}
		return "config"
	}
	return ""
}
