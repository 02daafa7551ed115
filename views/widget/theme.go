package widget

import (
	"os"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// Theme is the set of styles every view draws with. Views take styles from
// a Theme and never build colours themselves, so NO_COLOR and future
// themes need no change in them.
type Theme struct {
	Base   tcell.Style // ordinary text
	Dim    tcell.Style // secondary text: hints, timestamps
	Title  tcell.Style // pane titles and headings
	Border tcell.Style // box borders
	// JSON syntax, as the detail view highlights it.
	Key    tcell.Style
	String tcell.Style
	Number tcell.Style
	Bool   tcell.Style
	Null   tcell.Style
	Punct  tcell.Style
	// Outcomes and states.
	Error   tcell.Style
	Warning tcell.Style
	OK      tcell.Style
	Pending tcell.Style
	// Selected is the cursor row of the focused list; SelectedUnfocused the
	// same row while another pane has focus. Marker flags marked rows.
	Selected          tcell.Style
	SelectedUnfocused tcell.Style
	Marker            tcell.Style
	// Changed marks what changed since a watch's previous refresh.
	Changed tcell.Style
}

// DefaultTheme uses the terminal's 16-colour palette (so the user's own
// colour scheme applies) on the terminal's own background: no style sets a
// background colour, and selection is reverse video.
func DefaultTheme() Theme {
	base := tcell.StyleDefault
	fg := base.Foreground
	return Theme{
		Base:              base,
		Dim:               fg(tcell.ColorGray),
		Title:             base.Bold(true),
		Border:            fg(tcell.ColorGray),
		Key:               fg(tcell.ColorTeal).Bold(true),
		String:            fg(tcell.ColorGreen),
		Number:            fg(tcell.ColorFuchsia),
		Bool:              fg(tcell.ColorOlive),
		Null:              fg(tcell.ColorGray).Italic(true),
		Punct:             base,
		Error:             fg(tcell.ColorRed).Bold(true),
		Warning:           fg(tcell.ColorYellow),
		OK:                fg(tcell.ColorGreen),
		Pending:           fg(tcell.ColorTeal),
		Selected:          base.Reverse(true),
		SelectedUnfocused: fg(tcell.ColorGray).Reverse(true),
		Marker:            fg(tcell.ColorFuchsia).Bold(true),
		Changed:           fg(tcell.ColorYellow).Bold(true).Underline(true),
	}
}

// MonoTheme has no colour at all, for NO_COLOR (https://no-color.org):
// kinds of text differ by bold, underline and dim only, and selection is
// reverse video so it stays visible.
func MonoTheme() Theme {
	base := tcell.StyleDefault
	return Theme{
		Base:              base,
		Dim:               base.Dim(true),
		Title:             base.Bold(true),
		Border:            base,
		Key:               base.Bold(true),
		String:            base,
		Number:            base,
		Bool:              base,
		Null:              base.Dim(true),
		Punct:             base.Dim(true),
		Error:             base.Bold(true).Underline(true),
		Warning:           base.Underline(true),
		OK:                base,
		Pending:           base.Dim(true),
		Selected:          base.Reverse(true),
		SelectedUnfocused: base.Reverse(true).Dim(true),
		Marker:            base.Bold(true),
		Changed:           base.Bold(true).Italic(true),
	}
}

// ThemeFromEnv is MonoTheme when NO_COLOR is set to a non-empty value, as
// the convention asks, and DefaultTheme otherwise.
func ThemeFromEnv() Theme {
	if os.Getenv("NO_COLOR") != "" {
		return MonoTheme()
	}
	return DefaultTheme()
}

// ApplyTviewStyles sets tview.Styles from t. Call it once at start-up,
// before any primitive is created: tview copies the styles into each
// primitive when it is built. Every background is the terminal's own; tview
// widgets that rely on a contrasting background (buttons, input fields)
// must be given explicit styles from the Theme.
func ApplyTviewStyles(t Theme) {
	fg := func(s tcell.Style) tcell.Color {
		c, _, _ := s.Decompose()
		return c
	}
	tview.Styles = tview.Theme{
		PrimitiveBackgroundColor:    tcell.ColorDefault,
		ContrastBackgroundColor:     tcell.ColorDefault,
		MoreContrastBackgroundColor: tcell.ColorDefault,
		BorderColor:                 fg(t.Border),
		TitleColor:                  fg(t.Title),
		GraphicsColor:               fg(t.Border),
		PrimaryTextColor:            fg(t.Base),
		SecondaryTextColor:          fg(t.Key),
		TertiaryTextColor:           fg(t.Dim),
		InverseTextColor:            fg(t.Base),
		ContrastSecondaryTextColor:  fg(t.Key),
	}
}
