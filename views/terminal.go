package views

import (
	"errors"
	"fmt"
	"os"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/views/widget"
)

// CheckTerminal reports, before anything is started, why the full-screen
// dashboard cannot run here: no $TERM, a terminal type that cannot move the
// cursor (TERM=dumb, an unknown entry), or no controlling terminal at all.
// term is the value of $TERM; tty is the device tcell would open.
func CheckTerminal(term, tty string) error {
	const scripts = "exec, shell and events work without one"
	switch term {
	case "":
		return fmt.Errorf("the dashboard needs a terminal, and TERM is not set (try TERM=xterm-256color); %s", scripts)
	case "dumb":
		return fmt.Errorf("the dashboard needs a terminal that can move the cursor, and TERM=dumb cannot; %s", scripts)
	}
	ti, err := tcell.LookupTerminfo(term)
	if err != nil {
		return fmt.Errorf("the dashboard does not know the terminal type TERM=%s (%v); try TERM=xterm-256color; %s", widget.Safe(term), err, scripts)
	}
	if ti.SetCursor == "" {
		return fmt.Errorf("the dashboard needs a terminal that can move the cursor, and TERM=%s cannot; %s", widget.Safe(term), scripts)
	}
	f, err := os.OpenFile(tty, os.O_RDWR, 0)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("the dashboard needs a terminal, and %s cannot be opened (%v): run it in a terminal; %s", tty, err, scripts)
	}
	return f.Close()
}

// CheckThisTerminal is CheckTerminal for this process: $TERM and /dev/tty.
func CheckThisTerminal() error { return CheckTerminal(os.Getenv("TERM"), "/dev/tty") }
