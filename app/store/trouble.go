package store

import (
	"fmt"
	"path"
	"strings"

	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// DefaultTrouble lists the events that mean something went wrong, in the
// syntax of ParseTrouble: views draw them in the error style and count
// them as unread errors.
func DefaultTrouble() []string {
	return []string{
		"*_ERROR", "*_FAILURE", "GUEST_PANICKED", "GUEST_CRASHLOADED", "WATCHDOG",
		"SHUTDOWN guest=false", "MIGRATION status=failed", "BLOCK_JOB_COMPLETED error",
	}
}

// Trouble says which events mean trouble. Each rule is an event name or
// glob (as in the event filter), optionally followed by conditions on the
// event's data, all of which must hold: `member=value` (the member equals
// value, a JSON scalar or a bare word) or `member` (the member is there).
// A dotted member reaches into objects. An event is trouble if any rule
// matches. The zero value matches nothing; use NewTrouble.
type Trouble struct {
	rules []troubleRule
}

type troubleRule struct {
	glob  string
	conds []troubleCond
}

type troubleCond struct {
	member, value string
	any           bool // only that the member exists
}

// ParseTrouble reads rules; an error names the bad one.
func ParseTrouble(rules []string) (*Trouble, error) {
	t := &Trouble{}
	for _, r := range rules {
		words := strings.Fields(r)
		if len(words) == 0 {
			return nil, fmt.Errorf("empty trouble rule")
		}
		glob := strings.ToUpper(words[0])
		if _, err := path.Match(glob, ""); err != nil {
			return nil, fmt.Errorf("trouble rule %q: %w", r, err)
		}
		rule := troubleRule{glob: glob}
		for _, w := range words[1:] {
			member, value, ok := strings.Cut(w, "=")
			if member == "" {
				return nil, fmt.Errorf("trouble rule %q: %q names no member", r, w)
			}
			rule.conds = append(rule.conds, troubleCond{member: member, value: value, any: !ok})
		}
		t.rules = append(t.rules, rule)
	}
	return t, nil
}

// NewTrouble is DefaultTrouble, parsed.
func NewTrouble() *Trouble {
	t, err := ParseTrouble(DefaultTrouble())
	if err != nil {
		panic(err) // the built-in list is checked by its tests
	}
	return t
}

// Match reports whether ev means trouble. Gap and outage markers do not:
// views mark them in their own way.
func (t *Trouble) Match(ev *qmp.Event) bool {
	if t == nil || ev.IsGap() {
		return false
	}
	name := strings.ToUpper(ev.Name)
	for _, r := range t.rules {
		if globMatch(r.glob, name) && r.holds(ev.Data) {
			return true
		}
	}
	return false
}

// byName tells, for an event name, whether it is trouble whatever its
// data (always), never, or only for some data (check: Match decides per
// event). EventLog caches it per name.
func (t *Trouble) byName(name string) troubleVerdict {
	if t == nil {
		return troubleNever
	}
	v := troubleNever
	name = strings.ToUpper(name)
	for _, r := range t.rules {
		if !globMatch(r.glob, name) {
			continue
		}
		if len(r.conds) == 0 {
			return troubleAlways
		}
		v = troubleCheck
	}
	return v
}

type troubleVerdict uint8

const (
	troubleNever troubleVerdict = iota
	troubleAlways
	troubleCheck
)

func (r troubleRule) holds(data []byte) bool {
	for _, c := range r.conds {
		got := gjson.GetBytes(data, c.member)
		switch {
		case !got.Exists():
			return false
		case c.any:
		case got.Raw == c.value, got.Type == gjson.String && got.Str == c.value:
		default:
			return false
		}
	}
	return true
}
