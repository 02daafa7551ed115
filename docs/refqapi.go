package docs

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ParseQAPIDir builds an index from the doc comments of a QAPI schema
// directory: the qapi/*.json files of a QEMU source tree. dir may be that
// directory or the tree's root. Each "##" comment naming a definition is
// joined with the expression after it, which gives the kind, member types
// and the bases, boxed types and union branches. Malformed expressions
// cost only their types; a directory without .json files is an error.
func ParseQAPIDir(dir string) (*Index, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err == nil && len(files) == 0 {
		files, err = filepath.Glob(filepath.Join(dir, "qapi", "*.json"))
	}
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("qapi dir %s: no *.json schema files", dir)
	}
	version := qapiVersion(dir)
	ix := newIndex()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		parseQAPIFile(ix, string(data), "qapi:"+f, version)
	}
	return ix.finish(), nil
}

// qapiVersion reads the VERSION file of the source tree, if there is one,
// so that the version-mismatch note works for schema directories too.
func qapiVersion(dir string) string {
	for _, p := range []string{filepath.Join(dir, "VERSION"), filepath.Join(dir, "..", "VERSION")} {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64 {
			return strings.TrimSpace(string(b))
		}
	}
	return ""
}

// parseQAPIFile adds the documented definitions of one schema file.
// Doc comments are delimited by lines holding only "##"; the expression
// after a comment ends where its brackets balance.
func parseQAPIFile(ix *Index, text, source, version string) {
	var (
		inDoc   bool
		doc     []string
		pending *Ref // documented definition awaiting its expression
		expr    strings.Builder
		depth   int
	)
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		switch {
		case t == "##":
			if inDoc {
				pending = parseQAPIComment(doc)
			}
			inDoc, doc = !inDoc, doc[:0]
			continue
		case inDoc:
			if strings.HasPrefix(t, "#") {
				doc = append(doc, line[strings.IndexByte(line, '#')+1:])
				continue
			}
			inDoc = false // an unterminated comment: keep what follows
		case strings.HasPrefix(t, "#") || (t == "" && depth == 0):
			continue
		}
		expr.WriteString(line)
		expr.WriteByte('\n')
		if depth += qapiDepth(line); depth > 0 {
			continue
		}
		if pending != nil {
			if v, err := parseQAPIExpr(expr.String()); err == nil {
				applyDefinition(pending, v)
			}
			pending.Source, pending.Version = source, version
			ix.add(pending)
			pending = nil
		}
		expr.Reset()
		depth = 0
	}
}

// qapiDepth returns how many brackets line opens minus how many it
// closes, outside strings and comments.
func qapiDepth(line string) int {
	depth := 0
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#':
			return depth
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		}
	}
	return depth
}
