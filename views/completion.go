package views

import (
	"github.com/gdamore/tcell/v2"
	"github.com/qmpdash/qmpdash/app/complete"
	"github.com/qmpdash/qmpdash/views/widget"
	"github.com/rivo/tview"
)

// maxPopupRows bounds the completion popup's height.
const maxPopupRows = 10

// CompletionPopup lists completion candidates with their kind, type and
// one-line summary; the input line drives it.
type CompletionPopup struct {
	*tview.Box
	theme    widget.Theme
	items    []complete.Candidate
	selected int
	top      int
	open     bool
}

// NewCompletionPopup makes a closed popup.
func NewCompletionPopup(th widget.Theme) *CompletionPopup {
	p := &CompletionPopup{Box: tview.NewBox(), theme: th}
	p.SetBorder(true)
	return p
}

// Open reports whether the popup is showing.
func (p *CompletionPopup) Open() bool { return p.open }

// Show opens the popup on candidates.
func (p *CompletionPopup) Show(items []complete.Candidate) {
	p.items, p.selected, p.top, p.open = items, 0, 0, len(items) > 0
}

// Close hides the popup.
func (p *CompletionPopup) Close() { p.open, p.items = false, nil }

// Move changes the selection, wrapping around.
func (p *CompletionPopup) Move(delta int) {
	if n := len(p.items); n > 0 {
		p.selected = ((p.selected+delta)%n + n) % n
	}
}

// Current returns the selected candidate.
func (p *CompletionPopup) Current() (complete.Candidate, bool) {
	if !p.open || len(p.items) == 0 {
		return complete.Candidate{}, false
	}
	return p.items[p.selected], true
}

// Size returns the rows and columns the popup wants.
func (p *CompletionPopup) Size(maxWidth int) (height, width int) {
	return min(len(p.items), maxPopupRows) + 2, min(maxWidth, 100)
}

// Draw renders the visible candidates.
func (p *CompletionPopup) Draw(screen tcell.Screen) {
	if !p.open {
		return
	}
	p.Box.DrawForSubclass(screen, p)
	x, y, width, height := p.GetInnerRect()
	if p.selected < p.top {
		p.top = p.selected
	}
	if p.selected >= p.top+height {
		p.top = p.selected - height + 1
	}
	for i := 0; i < height && p.top+i < len(p.items); i++ {
		c := p.items[p.top+i]
		name := p.theme.Key
		if c.Deprecated {
			name = p.theme.Dim
		}
		line := widget.Line{
			{Text: pad(c.Display, 28), Style: name},
			{Text: pad(c.Kind.String(), 9), Style: p.theme.Dim},
			{Text: pad(c.Type, 22), Style: p.theme.String},
			{Text: c.Summary, Style: p.theme.Base},
		}
		if p.top+i == p.selected {
			widget.FillRow(screen, x, y+i, width, p.theme.Selected)
			line = line.Restyle(p.theme.Selected)
		}
		widget.DrawLine(screen, x, y+i, width, line, 0)
	}
}
