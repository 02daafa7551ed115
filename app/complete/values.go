package complete

import "github.com/qmpdash/qmpdash/app/cmdline"

// values completes the value after '=': the values of an enum, true and
// false, null, or those of an alternate's branches, and for the
// arguments liveArgs names the VM's current values (WithLive). Other
// free-form strings and numbers get nothing, since any guess would be
// noise.
func (e *Engine) values(text string, ctx cmdline.Context, continued bool) []Candidate {
	if ctx.Path == nil {
		return nil
	}
	prefix, ok := valuePrefix(ctx.Prefix)
	if !ok {
		return nil
	}
	sc := scopeOf(text, ctx, continued)
	vals := e.info(sc.typeAt(e.schema, ctx.Path)).values
	if len(vals) == 0 {
		return e.liveValues(sc, ctx, prefix)
	}
	return e.rank(prefix, span{ctx.Start, ctx.End}, byCloseness, vals)
}

// valuePrefix returns the part of a value typed so far that names an enum
// value: a quoted value is matched without its quotes. A JSON array or
// object is no such name (ok false).
func valuePrefix(p string) (string, bool) {
	if p == "" {
		return p, true
	}
	switch q := p[0]; q {
	case '[', '{':
		return "", false
	case '"', '\'':
		p = p[1:]
		if n := len(p); n > 0 && p[n-1] == q {
			p = p[:n-1]
		}
	}
	return p, true
}
