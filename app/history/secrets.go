package history

import (
	"encoding/json"
	"strings"
	"unicode"

	"github.com/qmpdash/qmpdash/app/cmdline"
)

// CarriesSecret reports whether an input line seems to carry a credential.
// It judges what the line would send, not how it is spelled: the line is
// parsed (as HMP when hmp is set, as the shell's -H does), escapes in raw
// JSON are decoded, an HMP command line is split into words, and then the
// command name, every argument name and every string value are looked at.
// A line that does not parse is judged on its words, and one holding
// escapes it cannot decode is taken for a secret.
func CarriesSecret(line string, hmp bool) bool {
	p := cmdline.Parser{HMPMode: hmp}
	l, more, err := p.Feed(line)
	if err != nil || more || l == nil {
		return strings.Contains(line, `\`) || hasSecretWord(line)
	}
	if l.Kind == cmdline.Empty {
		return false
	}
	name, args := l.Request()
	if hasSecretWord(strings.ReplaceAll(name, "key", "")) { // send-key sends none
		return true
	}
	var v any
	if json.Unmarshal(args, &v) != nil {
		return hasSecretWord(string(args))
	}
	return anySecret(v)
}

// anySecret walks a decoded JSON value: object keys and strings count (an
// HMP command line is a string too, so its words count).
func anySecret(v any) bool {
	switch v := v.(type) {
	case string:
		return hasSecretWord(v)
	case []any:
		for _, e := range v {
			if anySecret(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range v {
			if hasSecretWord(k) || anySecret(e) {
				return true
			}
		}
	}
	return false
}

// hasSecretWord reports whether s holds a word that names a credential:
// password, passwd, passphrase, secret or token inside a word (set_password,
// key-secret), or "key" as a word of its own (key=..., vnc-key).
func hasSecretWord(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if w == "key" {
			return true
		}
		for _, part := range []string{"password", "passwd", "passphrase", "secret", "token"} {
			if strings.Contains(w, part) {
				return true
			}
		}
	}
	return false
}
