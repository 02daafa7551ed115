//go:build linux

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// processTree is root and every process below it, read from /proc.
func processTree(root int) []int {
	children := map[int][]int{}
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range stats {
		if pid, ppid, state, ok := procStat(f); ok && state != "Z" {
			children[ppid] = append(children[ppid], pid)
		}
	}
	tree := []int{root}
	for i := 0; i < len(tree); i++ {
		tree = append(tree, children[tree[i]]...)
	}
	return tree
}

// procStat reads a /proc/PID/stat file: "pid (comm) state ppid ...",
// where comm may hold spaces and parentheses.
func procStat(path string) (pid, ppid int, state string, ok bool) {
	raw, err := os.ReadFile(path)
	s := string(raw)
	end := strings.LastIndexByte(s, ')')
	if err != nil || end < 0 || end+2 > len(s) {
		return 0, 0, "", false
	}
	if _, err := fmt.Sscanf(s, "%d", &pid); err != nil {
		return 0, 0, "", false
	}
	if _, err := fmt.Sscanf(s[end+2:], "%s %d", &state, &ppid); err != nil {
		return 0, 0, "", false
	}
	return pid, ppid, state, true
}

// running reports whether pid runs (a zombie has ended).
func running(pid int) bool {
	_, _, state, ok := procStat(fmt.Sprintf("/proc/%d/stat", pid))
	return ok && state != "Z"
}

// anyRunning reports whether a process of pids runs.
func anyRunning(pids []int) bool {
	return slices.ContainsFunc(pids, running)
}
