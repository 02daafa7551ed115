package livevalues

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/tidwall/gjson"
)

// query is one of the requests the cache sends.
type query int

const (
	namedBlockNodes query = iota // query-named-block-nodes
	block                        // query-block
	jobs                         // query-jobs
	chardevs                     // query-chardev
	qomList                      // qom-list of a path
)

// fetch is one query with its argument: the path of a qom-list.
type fetch struct {
	query
	path string
}

// queriesOf returns the queries whose replies hold src's values.
func queriesOf(src complete.Source) []query {
	switch src {
	case complete.NodeName, complete.Bitmap:
		return []query{namedBlockNodes}
	case complete.BlockDevice:
		return []query{block, namedBlockNodes}
	case complete.Job:
		return []query{jobs}
	case complete.Chardev:
		return []query{chardevs}
	case complete.QOMPath:
		return []query{qomList}
	}
	return nil
}

// command is the QMP command f sends.
func (f fetch) command() string {
	return [...]string{"query-named-block-nodes", "query-block", "query-jobs", "query-chardev", "qom-list"}[f.query]
}

// args is the arguments f sends: the path of a qom-list without its
// trailing '/' (except for the root).
func (f fetch) args() json.RawMessage {
	if f.query != qomList {
		return nil
	}
	p := f.path
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	b, _ := json.Marshal(map[string]string{"path": p}) // a string always marshals
	return b
}

// values is what one reply offers.
type values struct {
	names []string // node names, devices, job ids, chardevs, QOM children
	// bitmaps holds the dirty bitmaps of each node (namedBlockNodes only).
	bitmaps map[string][]string
}

// of appends the values of src (narrowed by key: see complete.Live) to out.
func (v values) of(src complete.Source, key string, out []string) []string {
	if src != complete.Bitmap {
		return append(out, v.names...)
	}
	if key != "" {
		return append(out, v.bitmaps[key]...)
	}
	for _, n := range v.names {
		out = append(out, v.bitmaps[n]...)
	}
	return out
}

// parse reads the values out of q's "return" value.
func parse(q query, ret json.RawMessage) (values, error) {
	r := gjson.ParseBytes(ret)
	if !r.IsArray() {
		return values{}, fmt.Errorf("livevalues: reply is not an array: %.40s", ret)
	}
	var v values
	add := func(s string) {
		if s != "" {
			v.names = append(v.names, s)
		}
	}
	for _, it := range r.Array() {
		switch q {
		case namedBlockNodes:
			name := it.Get("node-name").String()
			add(name)
			for _, b := range it.Get("dirty-bitmaps.#.name").Array() {
				if v.bitmaps == nil {
					v.bitmaps = map[string][]string{}
				}
				v.bitmaps[name] = append(v.bitmaps[name], b.String())
			}
		case block:
			add(it.Get("device").String())
			add(it.Get("qdev").String())
		case jobs:
			add(it.Get("id").String())
		case chardevs:
			add(it.Get("label").String())
		case qomList:
			if t := it.Get("type").String(); strings.HasPrefix(t, "child<") || strings.HasPrefix(t, "link<") {
				add(it.Get("name").String())
			}
		}
	}
	return v, nil
}
