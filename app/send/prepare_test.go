package send

import (
	"errors"
	"strings"
	"testing"

	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/docs/docstest"
)

func TestPrepareCoercesAndValidates(t *testing.T) {
	schema := docstest.Schema(t, docstest.QEMU10)
	tests := []struct {
		line     string
		wantArgs string // "" when rejected
		wantErr  string
		wantCol  int
	}{
		{`block_resize device=1 size=1024`, `{"device":"1","size":1024}`, "", 0},
		{`block_resize node-name=true size=0x400`, `{"node-name":"true","size":1024}`, "", 0},
		{`block_resize device="1" size=1024`, `{"device":"1","size":1024}`, "", 0},
		{`block_resize device=d0 size=big`, "", `size: expected int, got string "big"`, 29},
		{`block_resize device=d0 size=1 sise=2`, "", "sise: unknown argument", 31},
		{`block_resize device=d0`, "", "size: missing required argument", 23},
		{`query-stauts`, "", "did you mean query-status", 1},
		{`blockdev-add driver=qcow2 node-name=n0 file=f0 filename=/x`, "", "filename: not valid for driver=qcow2", 48},
		{`!block_resize size=big`, `{"size":"big"}`, "", 0},
		{`transaction( block-dirty-bitmap-add node=1 name=b ; block-dirty-bitmap-clear node=n0 name=b2 )`,
			`{"actions":[{"type":"block-dirty-bitmap-add","data":{"node":"1","name":"b"}},{"type":"block-dirty-bitmap-clear","data":{"node":"n0","name":"b2"}}]}`, "", 0},
		{`hmp info status`, `{"command-line":"info status"}`, "", 0},
	}
	for _, tt := range tests {
		line, err := cmdline.Parse(tt.line)
		if err != nil {
			t.Fatalf("%s: %v", tt.line, err)
		}
		p, err := Prepare(line, tt.line, schema)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.line, err)
			} else if string(p.Request.Arguments) != tt.wantArgs {
				t.Errorf("%s: args %s, want %s", tt.line, p.Request.Arguments, tt.wantArgs)
			}
			continue
		}
		var verr *ValidationError
		if !errors.As(err, &verr) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: err %v, want %q", tt.line, err, tt.wantErr)
			continue
		}
		caret := verr.Caret()
		marker := strings.Split(caret, "\n")[1]
		if col := strings.Index(marker, "^") + 1; col != tt.wantCol {
			t.Errorf("%s: caret at col %d, want %d:\n%s", tt.line, col, tt.wantCol, caret)
		}
	}
}

func TestPrepareWarnsButSendsDeprecated(t *testing.T) {
	schema := docstest.Schema(t, docstest.QEMU10)
	for _, c := range schema.Commands() {
		if !strings.Contains(strings.Join(c.Features, ","), "deprecated") || c.Args == nil || len(c.Args.Members) > 0 {
			continue
		}
		line, _ := cmdline.Parse(c.Name)
		p, err := Prepare(line, c.Name, schema)
		if err != nil || len(p.Warnings) == 0 {
			t.Fatalf("%s: %v, warnings %v", c.Name, err, p.Warnings)
		}
		return
	}
	t.Skip("no deprecated command without arguments in the fixture")
}

func TestPrepareRawJSONUnchanged(t *testing.T) {
	raw := `{"execute": "query-status", "id": "x"}`
	line, _ := cmdline.Parse(raw)
	p, err := Prepare(line, raw, nil)
	if err != nil || string(p.Request.Raw) != raw {
		t.Fatalf("raw: %v %s", err, p.Request.Raw)
	}
}
