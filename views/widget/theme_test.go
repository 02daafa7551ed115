package widget

import (
	"reflect"
	"testing"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// themeStyles lists every style in th by field name, so that a field added
// later is checked without touching these tests.
func themeStyles(th Theme) map[string]tcell.Style {
	v := reflect.ValueOf(th)
	out := map[string]tcell.Style{}
	for i := range v.NumField() {
		out[v.Type().Field(i).Name] = v.Field(i).Interface().(tcell.Style)
	}
	return out
}

func TestMonoThemeHasNoColour(t *testing.T) {
	for name, st := range themeStyles(MonoTheme()) {
		if fg, bg, _ := st.Decompose(); fg != tcell.ColorDefault || bg != tcell.ColorDefault {
			t.Errorf("MonoTheme.%s has colours fg=%v bg=%v", name, fg, bg)
		}
	}
	for _, st := range []tcell.Style{MonoTheme().Selected, MonoTheme().SelectedUnfocused} {
		if _, _, attr := st.Decompose(); attr&tcell.AttrReverse == 0 {
			t.Errorf("selection %v is not reverse video", st)
		}
	}
}

func TestThemesKeepTerminalBackground(t *testing.T) {
	for _, th := range []Theme{DefaultTheme(), MonoTheme()} {
		for name, st := range themeStyles(th) {
			if _, bg, _ := st.Decompose(); bg != tcell.ColorDefault {
				t.Errorf("%s has background %v", name, bg)
			}
		}
	}
}

func TestDefaultThemeSyntaxStylesDiffer(t *testing.T) {
	th := DefaultTheme()
	kinds := map[string]tcell.Style{
		"Key": th.Key, "String": th.String, "Number": th.Number,
		"Bool": th.Bool, "Null": th.Null, "Punct": th.Punct,
	}
	seen := map[tcell.Style]string{}
	for name, st := range kinds {
		if other, dup := seen[st]; dup {
			t.Errorf("%s and %s look the same", name, other)
		}
		seen[st] = name
	}
}

func TestThemeFromEnv(t *testing.T) {
	tests := []struct {
		value string
		want  Theme
	}{
		{"", DefaultTheme()},
		{"1", MonoTheme()},
		{"0", MonoTheme()}, // any non-empty value, per no-color.org
	}
	for _, tt := range tests {
		t.Setenv("NO_COLOR", tt.value)
		if got := ThemeFromEnv(); got != tt.want {
			t.Errorf("NO_COLOR=%q: got the wrong theme", tt.value)
		}
	}
}

func TestApplyTviewStyles(t *testing.T) {
	saved := tview.Styles
	t.Cleanup(func() { tview.Styles = saved })
	ApplyTviewStyles(MonoTheme())
	v := reflect.ValueOf(tview.Styles)
	for i := range v.NumField() {
		if c := v.Field(i).Interface().(tcell.Color); c != tcell.ColorDefault {
			t.Errorf("mono: tview.Styles.%s = %v", v.Type().Field(i).Name, c)
		}
	}
	ApplyTviewStyles(DefaultTheme())
	if tview.Styles.PrimitiveBackgroundColor != tcell.ColorDefault {
		t.Errorf("background %v, want the terminal's", tview.Styles.PrimitiveBackgroundColor)
	}
	if fg, _, _ := DefaultTheme().Border.Decompose(); tview.Styles.BorderColor != fg {
		t.Errorf("border %v, want %v", tview.Styles.BorderColor, fg)
	}
}
