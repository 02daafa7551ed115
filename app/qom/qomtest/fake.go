// Package qomtest is a small QOM tree for tests of the QOM browser: a
// q35-like /machine with a link to a CPU, answered by fake QEMUs
// (qmptest.FakeQEMU's Reply).
package qomtest

import (
	"fmt"

	"github.com/qmpdash/qmpdash/qmp/qmptest"
	"github.com/tidwall/gjson"
)

// Tree holds the qom-list answers, by path.
var Tree = map[string]string{
	"/": `[{"name":"type","type":"string"},{"name":"machine","type":"child<pc-q35-7.2-machine>"},` +
		`{"name":"objects","type":"child<container>"}]`,
	"/machine": `[{"name":"type","type":"string"},{"name":"peripheral","type":"child<container>"},` +
		`{"name":"unattached","type":"child<container>"},{"name":"smm","type":"OnOffAuto"},` +
		`{"name":"boot-cpu","type":"link<x86_64-cpu>"}]`,
	"/machine/unattached":           `[{"name":"device[0]","type":"child<qemu64-x86_64-cpu>"}]`,
	"/machine/unattached/device[0]": `[{"name":"apic-id","type":"uint32"}]`,
	"/objects":                      `[]`,
}

// Values holds the qom-get answers, by "path property".
var Values = map[string]string{
	"/ type":                                `"container"`,
	"/machine type":                         `"pc-q35-7.2-machine"`,
	"/machine smm":                          `"auto"`,
	"/machine boot-cpu":                     `"/machine/unattached/device[0]"`,
	"/machine/unattached/device[0] apic-id": `0`,
}

// Reply answers qom-list and qom-get from Tree and Values, with an error
// reply for a path they lack (/machine/peripheral, listed but unknown);
// false for other commands.
func Reply(r qmptest.Request) (string, bool) {
	path := gjson.GetBytes(r.Arguments, "path").String()
	ret, ok := "", false
	switch r.Name() {
	case "qom-list":
		ret, ok = Tree[path]
	case "qom-get":
		ret, ok = Values[path+" "+gjson.GetBytes(r.Arguments, "property").String()]
	default:
		return "", false
	}
	if !ok {
		return fmt.Sprintf(`{"error": {"class": "GenericError", "desc": "no %s"}, "id": %s}`+"\r\n", path, r.ID), true
	}
	return qmptest.ReplyLine(r, ret), true
}
