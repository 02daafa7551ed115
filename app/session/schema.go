package session

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/docs"
	"github.com/qmpdash/qmpdash/qmp"
	"github.com/tidwall/gjson"
)

// SchemaSource says where a loaded schema came from.
type SchemaSource string

// Where LoadSchema found the schema.
const (
	SchemaFromCache         SchemaSource = "cache"
	SchemaFromIntrospection SchemaSource = "query-qmp-schema"
	SchemaFromCommandList   SchemaSource = "query-commands"
	SchemaFromGuestInfo     SchemaSource = "guest-info"
)

// LoadSchema builds the schema model of the connected server. For QMP it
// uses query-qmp-schema, cached under cache (nil: no cache) by version,
// package and the server's command list (QEMU and qemu-storage-daemon of
// one build share a version but not a schema); without introspection it
// falls back to query-commands. For the guest agent it uses guest-info.
func LoadSchema(ctx context.Context, c *qmp.Client, cache *docs.Cache) (*docs.Schema, SchemaSource, error) {
	if c.Mode() == qmp.ModeGuestAgent {
		ret, err := executeAuto(ctx, c, "guest-info")
		if err != nil {
			return nil, "", fmt.Errorf("guest-info: %w", err)
		}
		s, err := docs.SchemaFromGuestInfo(ret)
		return s, SchemaFromGuestInfo, err
	}
	commands, err := executeAuto(ctx, c, "query-commands")
	if err != nil {
		return nil, "", fmt.Errorf("query-commands: %w", err)
	}
	key := schemaCacheKey(c.Greeting(), commands)
	if cache != nil {
		if ret, ok := cache.Load(key); ok {
			if s, err := docs.ParseSchema(ret); err == nil {
				return s, SchemaFromCache, nil
			}
		}
	}
	ret, err := executeAuto(ctx, c, "query-qmp-schema")
	var qerr *qmp.Error
	if errors.As(err, &qerr) && qerr.Class == "CommandNotFound" {
		s, err := docs.SchemaFromCommandList(commands)
		return s, SchemaFromCommandList, err
	}
	if err != nil {
		return nil, "", fmt.Errorf("query-qmp-schema: %w", err)
	}
	s, err := docs.ParseSchema(ret)
	if err != nil {
		return nil, "", err
	}
	if cache != nil {
		// A cache that cannot be written only costs time on the next start.
		_ = cache.Store(key, ret)
	}
	return s, SchemaFromIntrospection, nil
}

// schemaCacheKey names a QMP server's schema in the cache by its version,
// package and command list (query-commands' reply).
func schemaCacheKey(g qmp.Greeting, commands []byte) docs.CacheKey {
	return docs.CacheKey{Version: g.Version.String(), Package: g.Package, Kind: "qmp-" + commandListHash(commands)}
}

// commandListHash fingerprints the set of command names.
func commandListHash(commands []byte) string {
	h := sha256.New()
	gjson.ParseBytes(commands).ForEach(func(_, v gjson.Result) bool {
		h.Write([]byte(v.Get("name").String()))
		h.Write([]byte{0})
		return true
	})
	return hex.EncodeToString(h.Sum(nil)[:8])
}
