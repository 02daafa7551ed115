package termtext

import (
	"encoding/json"
	"testing"
)

func TestEscapeControlsFormatCharacters(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ok \u202eevil", `ok \u202eevil`},
		{"\u202a\u202b\u202c\u202d", `\u202a\u202b\u202c\u202d`},
		{"\u2066x\u2067y\u2068z\u2069", `\u2066x\u2067y\u2068z\u2069`},
		{"zero\u200bwidth\u200f\ufeff", `zero\u200bwidth\u200f\ufeff`},
		{"line\u2028para\u2029", `line\u2028para\u2029`},
		{"tag\U000e0041", `tag\U000e0041`},
		{"\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},
		{"csi\u009b", `csi\u009b`},
		{"plain é ü 日本 ✓", "plain é ü 日本 ✓"},
	}
	for _, tt := range tests {
		if got := EscapeControls(tt.in); got != tt.want {
			t.Errorf("EscapeControls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeTextKeepsLines(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a\r\nb\n\tc", "a\nb\n\tc"},
		{"shown\rhidden", `shown\x0dhidden`},
		{"\x1b[2J\u202e", `\x1b[2J\u202e`},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEscapeJSONKeepsTheValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a": "x"}`, `{"a": "x"}`},
		{"{\"a\":\t\"\u202e\u009b\x7f\"}", `{"a": "\u202e\u009b\u007f"}`},
		{"{\"a\": 1,\r\"b\": \"\U000e0041\"}", `{"a": 1, "b": "\udb40\udc41"}`},
		{"{\n  \"a\": \"\u2066\"\n}", "{\n  \"a\": \"\\u2066\"\n}"},
	}
	for _, tt := range tests {
		got := string(EscapeJSON([]byte(tt.in)))
		if got != tt.want {
			t.Errorf("EscapeJSON(%q) = %q, want %q", tt.in, got, tt.want)
		}
		var before, after any
		if json.Unmarshal([]byte(tt.in), &before) != nil || json.Unmarshal([]byte(got), &after) != nil {
			t.Fatalf("%q or %q is not JSON", tt.in, got)
		}
		if b, a := mustMarshal(t, before), mustMarshal(t, after); b != a {
			t.Errorf("value changed: %s became %s", b, a)
		}
	}
	if got := string(EscapeJSON([]byte("{\"a\": \"\xff\"}"))); got != `{"a": "\ufffd"}` {
		t.Errorf("invalid UTF-8: %q", got)
	}
	if in := []byte(`{"clean": true}`); &EscapeJSON(in)[0] != &in[0] {
		t.Error("clean JSON was copied")
	}
}

func mustMarshal(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestFirstUnsafeWordAtATime puts every byte value, alone and in pairs, at
// every position of a clean 8-byte word: the word test must agree with the
// byte-by-byte definition of printable ASCII.
func TestFirstUnsafeWordAtATime(t *testing.T) {
	printable := func(c byte) bool { return c >= 0x20 && c < 0x7f }
	b := make([]byte, 8)
	for i := range 8 {
		for j := i; j < 8; j++ {
			for c := range 256 {
				for d := range 256 {
					copy(b, "abcdefgh")
					b[i], b[j] = byte(c), byte(d)
					want := printable(b[i]) && printable(b[j])
					if got := plainASCII8(load64(b, 0)); got != want {
						t.Fatalf("%q: plainASCII8 = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
}
