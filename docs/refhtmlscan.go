package docs

import (
	"html"
	"strings"
)

// htmlToken is one piece of an HTML document: text with its entities
// decoded, or a start or end tag with its lower-case name and class.
type htmlToken struct {
	kind  htmlTokenKind
	name  string
	class string
	text  string
}

type htmlTokenKind int

const (
	htmlText htmlTokenKind = iota
	htmlStart
	htmlEnd
)

// htmlScanner splits HTML into tokens. It is a tolerant tag scanner, not
// an HTML5 parser: the reference manual is generated and well-formed, so
// it only needs to survive broken input, never to repair it. Comments,
// doctypes and processing instructions are dropped, and so is the content
// of script and style elements. A "<" that starts no tag is text.
type htmlScanner struct {
	data string
	pos  int
}

// next returns the next token, or false at the end of the data.
func (s *htmlScanner) next() (htmlToken, bool) {
	for s.pos < len(s.data) {
		rest := s.data[s.pos:]
		if rest[0] != '<' {
			end := strings.IndexByte(rest, '<')
			if end < 0 {
				end = len(rest)
			}
			s.pos += end
			return htmlToken{kind: htmlText, text: html.UnescapeString(rest[:end])}, true
		}
		switch {
		case strings.HasPrefix(rest, "<!--"):
			s.skipPast(rest, "-->")
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			s.skipPast(rest, ">")
		case strings.HasPrefix(rest, "</") && len(rest) > 2 && isASCIILetter(rest[2]):
			name, _ := tagName(rest[2:])
			s.skipPast(rest, ">")
			return htmlToken{kind: htmlEnd, name: name}, true
		case len(rest) > 1 && isASCIILetter(rest[1]):
			return s.startTag(rest), true
		default:
			s.pos++
			return htmlToken{kind: htmlText, text: "<"}, true
		}
	}
	return htmlToken{}, false
}

// startTag reads a start tag at the front of rest; for script and style
// it skips their content too, which is never documentation.
func (s *htmlScanner) startTag(rest string) htmlToken {
	name, n := tagName(rest[1:])
	tok := htmlToken{kind: htmlStart, name: name}
	i := 1 + n
	for i < len(rest) && rest[i] != '>' {
		key, value, next := attribute(rest, i)
		if key == "class" {
			tok.class = value
		}
		i = next
	}
	s.pos += min(i+1, len(rest))
	if name == "script" || name == "style" {
		end := strings.Index(strings.ToLower(s.data[s.pos:]), "</"+name)
		if end < 0 {
			end = len(s.data) - s.pos
		}
		s.pos += end
	}
	return tok
}

// skipPast moves past the first end after the front of rest, or to the
// end of the data.
func (s *htmlScanner) skipPast(rest, end string) {
	if i := strings.Index(rest[1:], end); i >= 0 {
		s.pos += 1 + i + len(end)
		return
	}
	s.pos = len(s.data)
}

// tagName reads a tag name and returns it in lower case with its length.
func tagName(s string) (string, int) {
	n := 0
	for n < len(s) && !strings.ContainsRune(" \t\r\n/>", rune(s[n])) {
		n++
	}
	return strings.ToLower(s[:n]), n
}

// attribute reads one attribute starting at i (or skips one stray byte)
// and returns its lower-case name, its decoded value and where the next
// one starts. Quoted values may hold ">".
func attribute(s string, i int) (key, value string, next int) {
	for i < len(s) && strings.ContainsRune(" \t\r\n/", rune(s[i])) {
		i++
	}
	start := i
	for i < len(s) && !strings.ContainsRune(" \t\r\n/>=", rune(s[i])) {
		i++
	}
	key = strings.ToLower(s[start:i])
	if i >= len(s) || s[i] != '=' {
		if i == start && i < len(s) && s[i] != '>' {
			i++ // a stray byte such as "=" on its own
		}
		return key, "", i
	}
	i++
	if i < len(s) && (s[i] == '"' || s[i] == '\'') {
		q := s[i]
		end := strings.IndexByte(s[i+1:], q)
		if end < 0 {
			return key, html.UnescapeString(s[i+1:]), len(s)
		}
		return key, html.UnescapeString(s[i+1 : i+1+end]), i + 2 + end
	}
	start = i
	for i < len(s) && !strings.ContainsRune(" \t\r\n>", rune(s[i])) {
		i++
	}
	return key, html.UnescapeString(s[start:i]), i
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// hasClass reports whether the class attribute value list names c.
func hasClass(list, c string) bool {
	for _, f := range strings.Fields(list) {
		if f == c {
			return true
		}
	}
	return false
}
