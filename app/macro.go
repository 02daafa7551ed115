package app

import (
	"errors"
	"fmt"
	"strings"

	"github.com/qmpdash/qmpdash/app/wirelog"
)

// MacroSteps reads a macro's lines as a replay script does: command lines
// and the directives @wait EVENT [TIMEOUT], @sleep DURATION and
// @expect-error CLASS. A macro runs as a replay (Session.StartReplay), so
// it waits for each reply and stops at the first unexpected outcome.
// Errors name the macro's line: "line 2: ...".
func MacroSteps(run []string) ([]ReplayStep, error) {
	steps, err := ParseReplayScript("macro", strings.Join(run, "\n"))
	var le *wirelog.LineError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("line %d: %w", le.Line, le.Err)
	}
	return steps, err
}

// errMacroConfirms refuses a macro holding a command to confirm: a macro
// runs with nobody asked.
var errMacroConfirms = errors.New("asks for confirmation: type it in the input line")

// CheckMacro checks every command of a macro as s would send it, sending
// none: a command refused, or one the policy wants confirmed, refuses the
// whole macro, naming the command.
func (s *Session) CheckMacro(steps []ReplayStep) error {
	for _, step := range steps {
		if step.Kind != StepCommand {
			continue
		}
		out, err := s.Check(step.Cmd, step.Text)
		if err == nil && s.NeedsConfirm(out) {
			err = errMacroConfirms
		}
		if err != nil {
			return fmt.Errorf("%s: %w", step.Text, err)
		}
	}
	return nil
}
