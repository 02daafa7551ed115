package termtext

import (
	"strings"
	"testing"
)

func TestCondense(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"device": "virtio0", "size": 1073741824}`, `device=virtio0 size=1073741824 (1 GiB)`},
		{`{"file": {"driver": "file", "filename": "/tmp/a b.qcow2"}, "ro": true}`, `file.driver=file file.filename="/tmp/a b.qcow2" ro=true`},
		{`{"ids": [1, 2], "o": {}, "n": null}`, `ids=[1, 2] o={} n=null`},
		{`{"a": [{"x": 1}]}`, `a=[{x: 1}]`},
		{`"running"`, `running`},
		{`{}`, ``},
		{``, ``},
		{`{"s": "[red]x[-]"}`, `s="[red]x[-]"`},
		{`{"s": "\u001b[31mX\u0007"}`, `s="\x1b[31mX\x07"`},
		{`{"s": "\u009b"}`, `s="\u009b"`},
		{"not json\x00", `"not json\x00"`},
	}
	for _, tt := range tests {
		if got := Condense([]byte(tt.in), 0); got != tt.want {
			t.Errorf("Condense(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestCondenseTruncatesCheaply(t *testing.T) {
	big := `{"list": [` + strings.Repeat(`"xxxxxxxxxx",`, 100000) + `"end"]}`
	got := Condense([]byte(big), 40)
	if r := []rune(got); len(r) != 40 || !strings.HasSuffix(got, "…") {
		t.Fatalf("got %q (%d runes)", got, len(r))
	}
}

func TestEscapeControlsInvalidUTF8(t *testing.T) {
	if got := EscapeControls("a\xffb\ufffdc"); got != `a\xffb`+"\ufffd"+`c` {
		t.Fatalf("got %q", got)
	}
}

func TestCondenseSurvivesDeepNesting(t *testing.T) {
	deep := strings.Repeat("[", 5_000_000) + strings.Repeat("]", 5_000_000)
	if got := Condense([]byte(deep), 20); !strings.HasPrefix(got, `"[[[`) {
		t.Fatalf("got %q", got)
	}
}
