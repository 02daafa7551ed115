package views

import (
	"errors"
	"strings"

	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/cmdline"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/app/history"
	"github.com/qmpdash/qmpdash/app/send"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
	"github.com/rivo/uniseg"
)

// InputLine is where commands are typed: a one-row editor with a live
// syntax check (a caret under the problem before Enter), history with
// reverse search, and completion through a popup.
type InputLine struct {
	*tview.Flex
	area  *tview.TextArea
	hint  *widget.LineView
	theme widget.Theme
	Popup *CompletionPopup

	store   *history.Writer
	history []string
	histPos int
	draft   string

	searching bool
	query     string
	searchAt  int

	engine func() *complete.Engine
	submit func(line *cmdline.Line, text string) error
	status string // result of the last submit, shown until the next edit
	prompt string // drawn before the line; see SetPrompt

	meta   func(line string) error // runs dashboard commands; see inputmeta.go
	logged func() []string         // the command log's names; see SetLoggedNames
	// awaiting is where the completion key last found nothing, for live
	// values still being fetched (see liveValuesArrived).
	awaiting *linePlace
}

// promptText is drawn before the line when it goes to the VM in front.
const promptText = "> "

// NewInputLine builds the input line. engine returns the current
// completion engine (nil before the schema is known); submit sends a parsed
// line and returns why it could not, in which case the text stays.
func NewInputLine(th widget.Theme, store history.File, engine func() *complete.Engine,
	submit func(*cmdline.Line, string) error) *InputLine {
	in := &InputLine{area: tview.NewTextArea(), hint: widget.NewLineView(), theme: th,
		Popup: NewCompletionPopup(th), store: history.NewWriter(store), engine: engine, submit: submit, prompt: promptText}
	in.area.SetWrap(false).SetLabel(promptText).SetLabelStyle(th.Title)
	in.area.SetTextStyle(th.Base).SetPlaceholder("type a command, e.g. query-status  (Tab completes, ? help after Esc)")
	in.area.SetPlaceholderStyle(th.Dim)
	in.area.SetChangedFunc(in.changed)
	in.history, _ = store.Load()
	in.histPos = len(in.history)
	in.Flex = tview.NewFlex().SetDirection(tview.FlexRow).AddItem(in.area, 1, 0, true).AddItem(in.hint, 1, 0, false)
	in.changed()
	return in
}

// SetPrompt replaces the text drawn before the line, which says where
// the line goes; server text in it is made inert.
func (in *InputLine) SetPrompt(p string) {
	if p = widget.Safe(p); p != in.prompt {
		in.prompt = p
		in.area.SetLabel(tview.Escape(p))
	}
}

// Text returns the current line.
func (in *InputLine) Text() string { return in.area.GetText() }

// SetText replaces the line and puts the cursor at its end.
func (in *InputLine) SetText(s string) { in.area.SetText(s, true) }

// Focus hands focus to the editor.
func (in *InputLine) Focus(delegate func(p tview.Primitive)) { delegate(in.area) }

// HasFocus reports whether the editor has focus.
func (in *InputLine) HasFocus() bool { return in.area.HasFocus() }

// changed re-checks the line after every edit.
func (in *InputLine) changed() {
	text := in.area.GetText()
	if strings.ContainsAny(text, "\r\n") { // a paste: one line only
		in.area.SetText(strings.Join(strings.Fields(strings.ReplaceAll(text, "\n", " ")), " "), true)
		return
	}
	in.status = ""
	if in.searching {
		return
	}
	if in.Popup.Open() {
		in.refreshCompletion()
	}
	in.check()
}

// check runs the live syntax check and shows its verdict in the hint row.
func (in *InputLine) check() {
	text := in.area.GetText()
	in.area.SetTextStyle(in.theme.Base)
	if strings.TrimSpace(text) == "" {
		in.hint.Line = widget.Line{{Text: "  Enter send · Tab complete · ↑↓ history · Ctrl-R search · Esc leave", Style: in.theme.Dim}}
		return
	}
	if in.checkMeta(text) {
		return
	}
	_, err := cmdline.Parse(text)
	var syn *cmdline.SyntaxError
	if errors.As(err, &syn) {
		in.area.SetTextStyle(in.theme.Error)
		in.hint.Line = in.caretLine(syn.Col, syn.Msg, in.theme.Error)
		return
	}
	in.hint.Line = widget.Line{{Text: "  ok", Style: in.theme.Dim}}
}

// caretLine puts "^ msg" under column col of the typed text.
func (in *InputLine) caretLine(col int, msg string, style tcell.Style) widget.Line {
	return widget.Line{{Text: spaces(uniseg.StringWidth(in.prompt)+col-1) + "^ " + msg, Style: style}}
}

// Submit parses and hands the line over; it stays when sending fails.
func (in *InputLine) Submit() {
	text := in.area.GetText()
	if strings.TrimSpace(text) == "" || in.submitMeta(text) {
		return
	}
	line, err := cmdline.Parse(text)
	if err == nil && line.Kind != cmdline.Empty {
		err = in.submit(line, text)
	}
	if err != nil {
		in.showError(err)
		return
	}
	in.remember(text)
	in.SetText("")
	in.status = ""
}

func (in *InputLine) showError(err error) {
	var syn *cmdline.SyntaxError
	var val *send.ValidationError
	switch {
	case errors.As(err, &syn):
		in.hint.Line = in.caretLine(syn.Col, syn.Msg, in.theme.Error)
	case errors.As(err, &val) && len(val.Issues) > 0 && val.Issues[0].Offset >= 0:
		is := val.Issues[0]
		in.hint.Line = in.caretLine(cmdline.Column(val.Line, is.Offset), is.Problem.String()+"  (prefix ! to send anyway)", in.theme.Error)
	default:
		in.hint.Line = widget.Line{{Text: "  " + err.Error(), Style: in.theme.Error}}
	}
}

func (in *InputLine) remember(text string) {
	if n := len(in.history); n == 0 || in.history[n-1] != text {
		in.history = append(in.history, text)
	}
	in.histPos = len(in.history)
	in.store.Add(text) // written in the background: the UI goroutine does no I/O
}

// HistoryPrev and HistoryNext walk the history; the line being typed is
// kept as the newest entry.
func (in *InputLine) HistoryPrev() {
	if in.histPos == 0 {
		return
	}
	if in.histPos == len(in.history) {
		in.draft = in.area.GetText()
	}
	in.histPos--
	in.SetText(in.history[in.histPos])
}

// HistoryNext moves towards the newest entry and the draft.
func (in *InputLine) HistoryNext() {
	if in.histPos >= len(in.history) {
		return
	}
	in.histPos++
	if in.histPos == len(in.history) {
		in.SetText(in.draft)
		return
	}
	in.SetText(in.history[in.histPos])
}

// Clear empties the line (Ctrl-C while typing). It reports whether there
// was anything to clear.
func (in *InputLine) Clear() bool {
	had := in.area.GetText() != "" || in.searching || in.Popup.Open()
	in.searching = false
	in.Popup.Close()
	in.SetText("")
	in.histPos = len(in.history)
	return had
}

// Close finishes writing the history.
func (in *InputLine) Close() { in.store.Close() }
