package headless

import (
	"context"
	"path/filepath"

	"github.com/qmpdash/qmpdash/app/paths"
	"github.com/qmpdash/qmpdash/app/session"
	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
)

// Schema returns the server's schema, or nil (no validation) when it
// cannot be had: QEMU remains the judge then.
func Schema(ctx context.Context, c *qmp.Client) *docs.Schema {
	cache := &docs.Cache{Dir: filepath.Join(paths.CacheDir(), "schema")}
	s, _, err := session.LoadSchema(ctx, c, cache)
	if err != nil {
		return nil
	}
	return s
}
