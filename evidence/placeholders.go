package evidence

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/evidence/placeholder"
)

// TextPlaceholder is a placeholder found in a value of ecspack.yaml or
// case.yaml (a title, a contact, a summary), located by file, line and the
// setting it sits in, so the assessment can count it against the control the
// setting serves.
type TextPlaceholder struct {
	File string
	Line int
	// Key is the setting's path, e.g. "summary.problem" or "contacts[0].email".
	Key string
	placeholder.Hit
}

// scanPlaceholders walks a YAML document's values (comments are never values,
// so a placeholder in a comment is guidance, not a claim) and returns every
// placeholder with its file line.
func scanPlaceholders(file string, root *yaml.Node) []TextPlaceholder {
	var out []TextPlaceholder
	var walk func(n *yaml.Node, key string)
	walk = func(n *yaml.Node, key string) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if key != "" {
					k = key + "." + k
				}
				walk(n.Content[i+1], k)
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, key+"["+strconv.Itoa(i)+"]")
			}
		case yaml.ScalarNode:
			first := n.Line
			if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				first++ // the value starts on the line after | or >
			}
			for _, h := range placeholder.FindPlain(n.Value) {
				line := first + h.Line - 1
				if n.Style&yaml.FoldedStyle != 0 {
					line = first // folding joined the lines
				}
				out = append(out, TextPlaceholder{File: file, Line: line, Key: key, Hit: h})
			}
		}
	}
	if root != nil {
		walk(root, "")
	}
	return out
}
