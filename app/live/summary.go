package live

import "slices"

// idleStatuses say a row has nothing under way though it is not finished
// either: a VM that never migrated answers query-migrate with status
// "none", or with no status at all.
var idleStatuses = []string{"", "none"}

// Summary is what a VM has under way in a view, as the VM strip and the
// overview tiles show it.
type Summary struct {
	// Active says a row of the VM is neither finished nor idle.
	Active bool
	// Fraction is the first such row's share done, 0..1, when HasFraction.
	Fraction    float64
	HasFraction bool
}

// Summary returns what vm has under way: the first row, in key order,
// that is neither finished nor idle.
func (t *Table) Summary(vm string) Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	var first *rowState
	for id, r := range t.rows {
		if id.vm != vm || r.Finished || slices.Contains(idleStatuses, r.Status) {
			continue
		}
		if first == nil || r.Key < first.Key {
			first = r
		}
	}
	if first == nil {
		return Summary{}
	}
	s := Summary{Active: true}
	for i, c := range t.view.Columns {
		if (c.Kind == Progress || c.Kind == ProgressLeft) && first.Cells[i].HasFraction {
			s.Fraction, s.HasFraction = first.Cells[i].Fraction, true
			break
		}
	}
	return s
}
