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
	peripherals                  // qom-list of /machine/peripheral: the devices with an id
	fdsets                       // query-fdsets
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
	case complete.Device:
		return []query{peripherals}
	case complete.FDSet:
		return []query{fdsets}
	}
	return nil
}

// command is the QMP command f sends.
func (f fetch) command() string {
	return [...]string{"query-named-block-nodes", "query-block", "query-jobs", "query-chardev", "qom-list", "qom-list", "query-fdsets"}[f.query]
}

// peripheralPath holds the devices created with an id.
const peripheralPath = "/machine/peripheral"

// args is the arguments f sends: the path of a qom-list without its
// trailing '/' (except for the root).
func (f fetch) args() json.RawMessage {
	if f.query == peripherals {
		return json.RawMessage(`{"path":"` + peripheralPath + `"}`)
	}
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

// values is what one reply offers, prepared for completion.
type values struct {
	names complete.LiveValues // node names, devices, job ids, chardevs, QOM paths, fd sets
	// bitmaps holds the dirty bitmaps of each node, and all of them under
	// "" (namedBlockNodes only).
	bitmaps map[string]complete.LiveValues
}

// of returns the values of src (narrowed by key: see complete.Live).
func (v values) of(src complete.Source, key string) complete.LiveValues {
	if src == complete.Bitmap {
		return v.bitmaps[key]
	}
	return v.names
}

// parse reads the values out of q's "return" value; path is a qom-list's
// (the parent of the paths it returns).
func parse(q query, path string, ret json.RawMessage) (values, error) {
	r := gjson.ParseBytes(ret)
	if !r.IsArray() {
		return values{}, fmt.Errorf("livevalues: reply is not an array: %.40s", ret)
	}
	var names []string
	bitmaps := map[string][]string{}
	add := func(s string) {
		if s != "" {
			names = append(names, s)
		}
	}
	for _, it := range r.Array() {
		switch q {
		case namedBlockNodes:
			name := it.Get("node-name").String()
			add(name)
			for _, b := range it.Get("dirty-bitmaps.#.name").Array() {
				bitmaps[name] = append(bitmaps[name], b.String())
				bitmaps[""] = append(bitmaps[""], b.String())
			}
		case block:
			add(it.Get("device").String())
			add(it.Get("qdev").String())
		case jobs:
			add(it.Get("id").String())
		case chardevs:
			add(it.Get("label").String())
		case peripherals:
			if strings.HasPrefix(it.Get("type").String(), "child<") {
				add(it.Get("name").String())
			}
		case fdsets:
			add(it.Get("fdset-id").Raw)
		case qomList:
			if t := it.Get("type").String(); strings.HasPrefix(t, "child<") || strings.HasPrefix(t, "link<") {
				if name := it.Get("name").String(); name != "" {
					names = append(names, path+name+"/")
				}
			}
		}
	}
	v := values{names: complete.PrepareValues(dedup(names))}
	if len(bitmaps) > 0 {
		v.bitmaps = map[string]complete.LiveValues{}
		for node, list := range bitmaps {
			v.bitmaps[node] = complete.PrepareValues(dedup(list))
		}
	}
	return v, nil
}
