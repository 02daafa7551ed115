package docs

import "strings"

// refMetas are the words the reference pages use for kinds of definition.
var refMetas = map[string]bool{
	"Command": true, "Event": true, "Object": true, "Enum": true, "Alternate": true,
	"Union": true, "Struct": true, "Built-in": true,
}

// isDefName reports whether s can be a QAPI name; it keeps prose that
// merely looks like a heading from becoming a definition.
func isDefName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// parse7xHeading recognises a 7.x definition heading, "NAME (Kind)".
func parse7xHeading(text string) (name, meta string, ok bool) {
	name, rest, found := strings.Cut(strings.TrimSpace(text), " (")
	meta, closed := strings.CutSuffix(rest, ")")
	if !found || !closed || !refMetas[meta] || !isDefName(name) {
		return "", "", false
	}
	return name, meta, true
}

// parse10xSignature recognises a 10.x signature, "Kind NAME (Since: X.Y)";
// the parenthesised part is optional.
func parse10xSignature(text string) (name, meta, since string, ok bool) {
	f := strings.Fields(text)
	if len(f) < 2 || !refMetas[f[0]] || !isDefName(f[1]) {
		return "", "", "", false
	}
	rest := strings.Join(f[2:], " ")
	if rest != "" && !strings.HasPrefix(rest, "(") {
		return "", "", "", false
	}
	if i := strings.Index(rest, "Since:"); i >= 0 {
		since, _, _ = strings.Cut(rest[i+len("Since:"):], ")")
	}
	return f[1], f[0], strings.TrimSpace(since), true
}

// parseInclude recognises "The members of TYPE [when TAG is VALUE]",
// also written "When TAG is VALUE: The members of TYPE".
func parseInclude(text string) (RefInclude, bool) {
	s := strings.TrimSpace(text)
	var inc RefInclude
	if cond, ok := cutPrefixFold(s, "when "); ok {
		c, rest, found := strings.Cut(cond, ":")
		if !found {
			return inc, false
		}
		inc.Tag, inc.Value = parseCondition(c)
		s = strings.TrimSpace(rest)
	}
	s, ok := cutPrefixFold(s, "the members of ")
	if !ok {
		return inc, false
	}
	typ, rest, _ := strings.Cut(s, " ")
	inc.Type = strings.TrimRight(typ, ".,;:")
	if cond, ok := cutPrefixFold(strings.TrimSpace(rest), "when "); ok {
		inc.Tag, inc.Value = parseCondition(cond)
	}
	return inc, isDefName(inc.Type)
}

// parseCondition splits `type is "inet"` into tag and unquoted value;
// a build condition after the value, "(If: CONFIG_X)", is dropped.
func parseCondition(s string) (tag, value string) {
	tag, value, _ = strings.Cut(strings.TrimSpace(s), " is ")
	if f := strings.Fields(value); len(f) > 0 {
		value = f[0]
	}
	return strings.TrimSpace(tag), strings.Trim(value, `"'.,:;`)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// parse7xItem reads a 7.x member tag, "name: type (optional)", or a bare
// name for enum values and features. A build condition at the end,
// "(If: CONFIG_X)", is dropped.
func parse7xItem(text string) RefMember {
	if i := strings.Index(text, "(If:"); i > 0 {
		text = text[:i]
	}
	name, typ, _ := strings.Cut(strings.TrimSpace(text), ":")
	typ = strings.TrimSpace(typ)
	typ, opt := strings.CutSuffix(typ, "(optional)")
	return RefMember{Name: strings.TrimSpace(name), Type: strings.TrimSpace(typ), Optional: opt}
}

// parse10xItem reads a 10.x field item, "name (type, optional) --
// description", where the parenthesis and the description are optional.
func parse10xItem(text string) (RefMember, bool) {
	s := strings.TrimSpace(text)
	end := strings.IndexAny(s, " (")
	if end < 0 {
		end = len(s)
	}
	m := RefMember{Name: strings.TrimRight(s[:end], ":")}
	s = strings.TrimLeft(s[end:], " ")
	if strings.HasPrefix(s, "(") {
		if close := strings.IndexByte(s, ')'); close > 0 {
			parts := strings.Split(s[1:close], ",")
			m.Type = strings.TrimSpace(parts[0])
			for _, p := range parts[1:] {
				m.Optional = m.Optional || strings.TrimSpace(p) == "optional"
			}
			s = s[close+1:]
		}
	}
	s = strings.TrimSpace(s)
	for _, sep := range []string{"--", "\u2013", "\u2014", ":"} {
		if rest, ok := strings.CutPrefix(s, sep); ok {
			s = rest
			break
		}
	}
	m.Description = strings.TrimSpace(s)
	return m, isDefName(m.Name)
}
