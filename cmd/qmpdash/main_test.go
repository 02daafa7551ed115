package main

import (
	"bytes"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "qmpdash ") || !strings.Contains(out, "go1.") {
		t.Fatalf("version: code %d, %q", code, out)
	}
}

func TestHelpListsSubcommands(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "version") || !strings.Contains(out, "QMP_SOCKET") {
		t.Fatalf("help: code %d, %q", code, out)
	}
}

func TestUnknownFlagFails(t *testing.T) {
	code, _, errOut := runCLI(t, "--no-such-flag")
	if code == 0 || !strings.Contains(errOut, "no-such-flag") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}
