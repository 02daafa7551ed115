package headless

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/qom"
)

// qomRows are rows as qom.Model.Subtree gives them: an object, a child
// object with a property, and properties with a hostile value and an
// error.
var qomRows = []qom.Row{
	{Path: "/machine", Name: "machine", Type: "child<pc>", Kind: qom.Object},
	{Path: "/machine/cpu", Name: "cpu", Type: "child<cpu>", Kind: qom.Object, Depth: 1},
	{Path: "/machine/cpu/id", Name: "id", Type: "uint32", Kind: qom.Leaf, Depth: 2, Value: "3"},
	{Path: "/machine/label", Name: "label", Type: "str", Kind: qom.Leaf, Depth: 1, Value: `"\u001b[31mx"`},
	{Path: "/machine/secret", Name: "secret\x1b]52;c;x\x07", Type: "str", Kind: qom.Leaf, Depth: 1, Err: "not readable"},
}

// TestPrintQOM checks the indented tree and that server text cannot
// steer the terminal.
func TestPrintQOM(t *testing.T) {
	var b bytes.Buffer
	if err := PrintQOM(&b, qomRows, 2); err != nil {
		t.Fatal(err)
	}
	want := "/machine  child<pc>\n  cpu  child<cpu>\n    id  uint32 = 3\n  label  str = \"\\u001b[31mx\"\n"
	if !strings.HasPrefix(b.String(), want) {
		t.Errorf("got\n%s\nwant a start of\n%s", b.String(), want)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07") {
		t.Errorf("a control character reached the output: %q", b.String())
	}
	if !strings.Contains(b.String(), "! not readable") || !strings.Contains(b.String(), "2 nodes left out") {
		t.Errorf("the error or the refused count is missing: %q", b.String())
	}
}

// TestPrintQOMJSON checks the nesting of the JSON document.
func TestPrintQOMJSON(t *testing.T) {
	var b bytes.Buffer
	if err := PrintQOMJSON(&b, qomRows); err != nil {
		t.Fatal(err)
	}
	var doc qomNode
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v: %s", err, b.String())
	}
	if len(doc.Children) != 3 || len(doc.Children[0].Children) != 1 || string(doc.Children[0].Children[0].Value) != "3" {
		t.Errorf("nesting wrong: %s", b.String())
	}
	if doc.Children[2].Error != "not readable" || !strings.Contains(b.String(), "child<pc>") {
		t.Errorf("error or type lost: %s", b.String())
	}
}
