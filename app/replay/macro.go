package replay

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
func MacroSteps(run []string) ([]Step, error) {
	steps, err := ParseScript("macro", strings.Join(run, "\n"))
	var le *wirelog.LineError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("line %d: %w", le.Line, le.Err)
	}
	return steps, err
}
