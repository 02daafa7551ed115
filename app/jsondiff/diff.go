package jsondiff

import (
	"regexp"
	"strconv"

	"github.com/tidwall/gjson"
)

// ChangeKind says how a path changed between two replies.
type ChangeKind int

// The kinds of change.
const (
	// Changed: the path holds another value (or another type).
	Changed ChangeKind = iota
	// Added: the path is new.
	Added
	// Removed: the path is gone.
	Removed
)

// String is the kind as the views show it: "~", "+", "-".
func (k ChangeKind) String() string {
	switch k {
	case Added:
		return "+"
	case Removed:
		return "-"
	}
	return "~"
}

// Change is one difference between two replies. Old and New are the raw
// JSON values (Old empty for Added, New empty for Removed).
type Change struct {
	Kind ChangeKind
	// Path is jq-like: "." for the whole reply, ".status",
	// ".[0].current-progress", `."a b"` for a key that needs quoting.
	Path     string
	Old, New string
}

// MaxChanges bounds the changes Diff lists; it still counts them all.
const MaxChanges = 1000

// Diff compares two JSON values by path: object members by key, array
// elements by index, and anything else (strings, numbers, booleans, null,
// or a value whose type changed) as a leaf. A member or element present
// on one side only is Added or Removed whole. It returns the first
// MaxChanges changes in the order of the new value (removed ones where
// they were) and the number of them all; two equal values give none.
func Diff(old, new []byte) (changes []Change, total int) {
	d := differ{}
	d.walk(RootPath, gjson.ParseBytes(old), gjson.ParseBytes(new))
	return d.out, d.total
}

type differ struct {
	out   []Change
	total int
}

func (d *differ) add(c Change) {
	d.total++
	if len(d.out) < MaxChanges {
		d.out = append(d.out, c)
	}
}

func (d *differ) walk(path string, a, b gjson.Result) {
	switch {
	case a.IsObject() && b.IsObject():
		d.objects(path, a, b)
	case a.IsArray() && b.IsArray():
		d.arrays(path, a, b)
	case a.Raw != b.Raw:
		d.add(Change{Kind: Changed, Path: path, Old: a.Raw, New: b.Raw})
	}
}

func (d *differ) objects(path string, a, b gjson.Result) {
	olds := map[string]gjson.Result{}
	a.ForEach(func(k, v gjson.Result) bool {
		olds[k.Str] = v
		return true
	})
	seen := map[string]bool{}
	b.ForEach(func(k, v gjson.Result) bool {
		seen[k.Str] = true
		if o, ok := olds[k.Str]; ok {
			d.walk(MemberPath(path, k.Str), o, v)
		} else {
			d.add(Change{Kind: Added, Path: MemberPath(path, k.Str), New: v.Raw})
		}
		return true
	})
	a.ForEach(func(k, v gjson.Result) bool {
		if !seen[k.Str] {
			d.add(Change{Kind: Removed, Path: MemberPath(path, k.Str), Old: v.Raw})
		}
		return true
	})
}

func (d *differ) arrays(path string, a, b gjson.Result) {
	as, bs := a.Array(), b.Array()
	for i := range max(len(as), len(bs)) {
		p := ElementPath(path, i)
		switch {
		case i >= len(as):
			d.add(Change{Kind: Added, Path: p, New: bs[i].Raw})
		case i >= len(bs):
			d.add(Change{Kind: Removed, Path: p, Old: as[i].Raw})
		default:
			d.walk(p, as[i], bs[i])
		}
	}
}

// plainKey is a key jq writes without quotes (QMP's own keys have dashes).
var plainKey = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)

// RootPath is the path of the whole reply.
const RootPath = "."

// MemberPath is the path of member key of the object at path.
func MemberPath(path, key string) string {
	if !plainKey.MatchString(key) {
		key = strconv.Quote(key)
	}
	if path == RootPath {
		return "." + key
	}
	return path + "." + key
}

// ElementPath is the path of element i of the array at path.
func ElementPath(path string, i int) string {
	return path + "[" + strconv.Itoa(i) + "]" // the root's is ".[0]", as in jq
}
