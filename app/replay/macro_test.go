package replay

import (
	"strings"
	"testing"
	"time"
)

// TestMacroStepsReadDirectives checks that a macro's lines are read as a
// replay script: @wait and @sleep become steps, and a mistake names the
// macro's line.
func TestMacroStepsReadDirectives(t *testing.T) {
	steps, err := MacroSteps([]string{"stop", "@wait STOP 5s", "@sleep 10ms", "cont"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Step{
		{Kind: StepCommand, Line: 1, Text: "stop"},
		{Kind: StepWait, Line: 2, Event: "STOP", Timeout: 5 * time.Second},
		{Kind: StepSleep, Line: 3, Timeout: 10 * time.Millisecond},
		{Kind: StepCommand, Line: 4, Text: "cont"},
	}
	if len(steps) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(steps), len(want), steps)
	}
	for i, w := range want {
		g := steps[i]
		if g.Kind != w.Kind || g.Line != w.Line || g.Text != w.Text || g.Event != w.Event || g.Timeout != w.Timeout {
			t.Errorf("step %d = %+v, want %+v", i, g, w)
		}
	}
	for _, bad := range []struct {
		run  []string
		want string
	}{
		{[]string{"stop", "@wiat STOP"}, "line 2: unknown directive @wiat"},
		{[]string{"@wait STOP soon"}, `line 1: @wait: bad timeout "soon"`},
		{[]string{"stop", "x a=\"b"}, "line 2: col 5: unterminated string"},
	} {
		if _, err := MacroSteps(bad.run); err == nil || !strings.HasPrefix(err.Error(), bad.want) {
			t.Errorf("MacroSteps(%q) = %v, want %q", bad.run, err, bad.want)
		}
	}
}
