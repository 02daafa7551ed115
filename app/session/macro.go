package session

import (
	"errors"
	"fmt"

	"github.com/qmpdash/qmpdash/app/replay"
)

// errMacroConfirms refuses a macro holding a command to confirm: a macro
// runs with nobody asked.
var errMacroConfirms = errors.New("asks for confirmation: type it in the input line")

// CheckMacro checks every command of a macro as s would send it, sending
// none: a command refused, or one the policy wants confirmed, refuses the
// whole macro, naming the command.
func (s *Session) CheckMacro(steps []replay.Step) error {
	for _, step := range steps {
		if step.Kind != replay.StepCommand {
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
