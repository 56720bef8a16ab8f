// Package yamlpos finds where things are in a parsed YAML document, so that
// every error about a casefile, a price table or a control catalog can name
// the line to fix. The YAML decoder reports only its own errors with a line;
// the checks that run after decoding look the line up here.
package yamlpos

import "go.yaml.in/yaml/v3"

// Root is the top node of a document node (usually its mapping), or nil when
// doc is not a document or is empty.
func Root(doc *yaml.Node) *yaml.Node {
	if doc == nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil
	}
	return doc.Content[0]
}

// Value is the value node of key in mapping m, or nil when m is not a
// mapping or has no such key. With duplicate keys the first one counts.
func Value(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

// At follows the mapping keys of path from n and returns the deepest node it
// reaches: the value at the end of path, or the last mapping (or non-mapping
// node) on the way when a key is missing — the nearest place to point at.
// It is nil only when n is.
func At(n *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		next := Value(n, key)
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

// Line is the line of At(n, path...), or 0 when n is nil.
func Line(n *yaml.Node, path ...string) int {
	if at := At(n, path...); at != nil {
		return at.Line
	}
	return 0
}

// ItemLine is the line of item i of the sequence under key in mapping m;
// the line of key's value when that is not a sequence or has no item i; m's
// own line when key is absent; 0 when m is nil.
func ItemLine(m *yaml.Node, key string, i int) int {
	if m == nil {
		return 0
	}
	s := Value(m, key)
	switch {
	case s == nil:
		return m.Line
	case s.Kind == yaml.SequenceNode && i >= 0 && i < len(s.Content):
		return s.Content[i].Line
	}
	return s.Line
}

// ItemLines maps each scalar item of the sequence under key in mapping m to
// its line plus offset (for a document parsed from the middle of a file,
// such as Markdown front matter); an item listed twice keeps its first line.
// It is nil when key is absent or not a sequence.
func ItemLines(m *yaml.Node, key string, offset int) map[string]int {
	s := Value(m, key)
	if s == nil || s.Kind != yaml.SequenceNode {
		return nil
	}
	out := map[string]int{}
	for _, it := range s.Content {
		if _, seen := out[it.Value]; !seen {
			out[it.Value] = it.Line + offset
		}
	}
	return out
}

// ScalarLine is the line of the first scalar, in document order, whose value
// is value, or 0 when there is none: how an error that quotes a bad value
// but carries no position (a text unmarshaller's) finds its line.
func ScalarLine(n *yaml.Node, value string) int {
	if n == nil {
		return 0
	}
	if n.Kind == yaml.ScalarNode && n.Value == value {
		return n.Line
	}
	for _, c := range n.Content {
		if l := ScalarLine(c, value); l > 0 {
			return l
		}
	}
	return 0
}
