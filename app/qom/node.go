package qom

import (
	"encoding/json"
	"strings"
	"time"
)

// Kind says what a node of the tree is.
type Kind int

const (
	// Object is a QOM object (the root, or a child<...> property): it has
	// properties of its own, listed when it is expanded.
	Object Kind = iota
	// Link is a link<...> property: its value is the path of the object it
	// points to ("" when unset).
	Link
	// Leaf is a property of any other type, with a value.
	Leaf
)

// KindOf is the kind of a property of QOM type typ.
func KindOf(typ string) Kind {
	switch {
	case strings.HasPrefix(typ, "child<"):
		return Object
	case strings.HasPrefix(typ, "link<"):
		return Link
	}
	return Leaf
}

// node is one object or property; the Model's lock guards it.
type node struct {
	path, name, typ string
	kind            Kind
	parent          *node
	children        []*node
	loaded, loading bool
	partial         bool
	expanded        bool
	loadErr         string
	value           json.RawMessage
	valueAt         time.Time
	valueErr        string
}

// childPath is the path of property name of the object at parent.
func childPath(parent, name string) string {
	if parent == "/" {
		return "/" + name
	}
	return parent + "/" + name
}

// SplitPath is the path of the object holding the node at path and the
// node's name: ("/machine", "smm") for "/machine/smm"; ("", "") for the
// root.
func SplitPath(path string) (object, name string) {
	path = cleanPath(path)
	i := strings.LastIndexByte(path, '/')
	switch {
	case path == "/":
		return "", ""
	case i == 0:
		return "/", path[1:]
	}
	return path[:i], path[i+1:]
}

// cleanPath is path without a trailing slash, "/" for the root.
func cleanPath(path string) string {
	path = strings.TrimRight(path, "/")
	if path == "" {
		return "/"
	}
	if !strings.HasPrefix(path, "/") {
		return "/" + path
	}
	return path
}
