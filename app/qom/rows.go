package qom

import (
	"encoding/json"
	"math"
	"strings"
)

// Row is one visible line of the tree: a node under expanded objects.
type Row struct {
	// Path is the node's path; Name its last segment; Type its QOM type
	// ("" for the root).
	Path, Name, Type string
	// Kind says whether it is an object, a link or another property.
	Kind Kind
	// Depth is the number of objects above it (0 for the root).
	Depth int
	// Expanded, Loaded and Loading describe an object's properties;
	// Partial says some were refused by MaxNodes.
	Expanded, Loaded, Loading, Partial bool
	// Children is the number of properties loaded (objects only).
	Children int
	// Value is a property's value as compact JSON ("" until read); Err is
	// why listing the object or reading the value failed.
	Value, Err string
}

// Rows returns the visible rows from the root: each object's properties
// follow it while it is expanded. The slice is shared until the next
// change; do not modify it.
func (m *Model) Rows() []Row {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.rows != nil && m.rowsVer == m.version {
		return m.rows
	}
	m.rows = appendRows(m.rows[:0], m.root, 0, -1)
	m.rowsVer = m.version
	return m.rows
}

// Subtree returns the rows of the node at path and of what lies under it
// down to depth levels (every level when depth < 0), expanded or not,
// with depths counted from it; nil when path is not loaded.
func (m *Model) Subtree(path string, depth int) []Row {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := m.byPath[cleanPath(path)]
	if n == nil {
		return nil
	}
	if depth < 0 {
		depth = math.MaxInt
	}
	return appendRows(nil, n, 0, depth)
}

// appendRows appends n's row and its children's rows: under expanded
// objects when limit < 0 (Rows), else under every loaded object down to
// limit levels (Subtree).
func appendRows(rows []Row, n *node, depth, limit int) []Row {
	rows = append(rows, rowOf(n, depth))
	open := n.expanded
	if limit >= 0 {
		open = depth < limit
	}
	if !open {
		return rows
	}
	for _, c := range n.children {
		rows = appendRows(rows, c, depth+1, limit)
	}
	return rows
}

// rowOf is n's row at depth.
func rowOf(n *node, depth int) Row {
	r := Row{Path: n.path, Name: n.name, Type: n.typ, Kind: n.kind, Depth: depth, Expanded: n.expanded,
		Loaded: n.loaded, Loading: n.loading, Partial: n.partial, Children: len(n.children),
		Value: string(n.value), Err: n.loadErr}
	if n.valueErr != "" {
		r.Err = n.valueErr
	}
	return r
}

// LinkTarget is the path a Link row points to, "" when unset or not read.
func (r Row) LinkTarget() string {
	var target string
	if r.Kind != Link || json.Unmarshal([]byte(r.Value), &target) != nil {
		return ""
	}
	return target
}

// Search returns the paths of the loaded nodes whose name holds query
// (case-insensitive), in tree order.
func (m *Model) Search(query string) []string {
	query = strings.ToLower(query)
	if query == "" {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var found []string
	var walk func(n *node)
	walk = func(n *node) {
		for _, c := range n.children {
			if strings.Contains(strings.ToLower(c.name), query) {
				found = append(found, c.path)
			}
			walk(c)
		}
	}
	walk(m.root)
	return found
}
