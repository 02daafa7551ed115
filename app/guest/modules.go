package guest

import (
	"bytes"
	"debug/elf"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// kernelModule is a loadable module of the guest kernel.
type kernelModule struct {
	name string // as the kernel knows it: dashes become underscores
	path string // the .ko file on the host
	deps []string
}

// moduleOrder returns the .ko files that load the wanted modules, each
// after the modules it depends on, as read from the "depends=" entry of
// each file's .modinfo section: the kernel package ships no modules.dep
// (depmod writes it at install time, and we do not install).
func moduleOrder(modulesDir string, wanted []string) ([]kernelModule, error) {
	byName := map[string]string{}
	err := filepath.WalkDir(modulesDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".ko") {
			byName[moduleName(strings.TrimSuffix(d.Name(), ".ko"))] = p
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing the kernel's modules: %w", err)
	}
	var order []kernelModule
	state := map[string]int{} // 1: being visited, 2: done
	var visit func(name string) error
	visit = func(name string) error {
		switch state[name] {
		case 1:
			return fmt.Errorf("kernel module %s depends on itself", name)
		case 2:
			return nil
		}
		state[name] = 1
		p, ok := byName[name]
		if !ok {
			return fmt.Errorf("kernel module %s is not in %s (built in, or not in this kernel?)", name, modulesDir)
		}
		deps, err := moduleDepends(p)
		if err != nil {
			return err
		}
		for _, d := range deps {
			if err := visit(d); err != nil {
				return err
			}
		}
		state[name] = 2
		order = append(order, kernelModule{name: name, path: p, deps: deps})
		return nil
	}
	for _, w := range wanted {
		if err := visit(moduleName(w)); err != nil {
			return nil, err
		}
	}
	return order, nil
}

// moduleName is how the kernel names a module file's module.
func moduleName(file string) string { return strings.ReplaceAll(file, "-", "_") }

// moduleDepends reads the modules a .ko file needs loaded first.
func moduleDepends(path string) ([]string, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading kernel module: %w", err)
	}
	defer f.Close()
	sec := f.Section(".modinfo")
	if sec == nil {
		return nil, fmt.Errorf("kernel module %s has no .modinfo section", path)
	}
	info, err := sec.Data()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	for _, field := range bytes.Split(info, []byte{0}) {
		if v, ok := bytes.CutPrefix(field, []byte("depends=")); ok {
			var deps []string
			for _, d := range strings.Split(string(v), ",") {
				if d != "" {
					deps = append(deps, moduleName(d))
				}
			}
			return deps, nil
		}
	}
	return nil, nil
}
