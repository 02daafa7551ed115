package qom

import (
	"context"
)

// LoadDepth loads the object at path and the objects under it down to
// depth levels (at least 1: its own properties), reading the value of
// every property on the way, one request after another, and waits; what
// `qmpdash qom` prints. The object must be known (see Load); a property
// that cannot be read keeps its error and does not stop the walk.
func (m *Model) LoadDepth(ctx context.Context, path string, depth int) error {
	if err := m.Load(ctx, path); err != nil {
		return err
	}
	for _, r := range m.Subtree(path, 1)[1:] {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.Kind != Object {
			_ = m.Read(ctx, r.Path) // the error is kept on the node
		} else if depth > 1 {
			if err := m.LoadDepth(ctx, r.Path, depth-1); err != nil && ctx.Err() != nil {
				return err
			}
		}
	}
	return nil
}
