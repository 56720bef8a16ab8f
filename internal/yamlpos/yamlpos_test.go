package yamlpos

import (
	"maps"
	"testing"

	"go.yaml.in/yaml/v3"
)

// doc's line numbers are what the tests expect; keep them in step.
const doc = `name: demo
regions:
  eu-west-1:
    ec2:
      m5.large: 0.107
  us-east-1: {}
accounts:
  - id: "111111111111"
  - id: "222222222222"
attachments: [a.png, b.png, a.png]
scalar: "2026-13-45"
`

func parse(t *testing.T) *yaml.Node {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(doc), &n); err != nil {
		t.Fatal(err)
	}
	return &n
}

func TestLineAndAt(t *testing.T) {
	root := Root(parse(t))
	tests := []struct {
		name string
		path []string
		want int
	}{
		{"no path is the mapping", nil, 1},
		{"top-level key", []string{"name"}, 1},
		{"nested key", []string{"regions", "eu-west-1", "ec2", "m5.large"}, 5},
		{"missing key points at its mapping", []string{"regions", "eu-west-2"}, 3},
		{"missing top-level key points at the root", []string{"nope"}, 1},
		{"path through a scalar stops at it", []string{"name", "deeper"}, 1},
		{"path through a sequence stops at it", []string{"accounts", "id"}, 8},
		{"flow mapping", []string{"regions", "us-east-1"}, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(root, tt.path...); got != tt.want {
				t.Errorf("Line(%v) = %d, want %d", tt.path, got, tt.want)
			}
			if at := At(root, tt.path...); at == nil || at.Line != tt.want {
				t.Errorf("At(%v) = %v, want a node on line %d", tt.path, at, tt.want)
			}
		})
	}
	if Line(nil, "x") != 0 || At(nil) != nil || Root(nil) != nil || Root(root) != nil {
		t.Error("nil or non-document input must give 0 / nil")
	}
}

func TestItemLine(t *testing.T) {
	root := Root(parse(t))
	tests := []struct {
		name string
		m    *yaml.Node
		key  string
		i    int
		want int
	}{
		{"first item", root, "accounts", 0, 8},
		{"second item", root, "accounts", 1, 9},
		{"past the end is the sequence", root, "accounts", 2, 8},
		{"negative index is the sequence", root, "accounts", -1, 8},
		{"not a sequence is the value", root, "name", 0, 1},
		{"absent key is the mapping", Value(root, "regions"), "accounts", 0, 3},
		{"nil mapping", nil, "accounts", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ItemLine(tt.m, tt.key, tt.i); got != tt.want {
				t.Errorf("ItemLine(%q, %d) = %d, want %d", tt.key, tt.i, got, tt.want)
			}
		})
	}
}

func TestItemLinesAndScalarLine(t *testing.T) {
	root := Root(parse(t))
	tests := []struct {
		key    string
		offset int
		want   map[string]int
	}{
		{"attachments", 0, map[string]int{"a.png": 10, "b.png": 10}},
		{"attachments", 1, map[string]int{"a.png": 11, "b.png": 11}},
		{"name", 0, nil},
		{"missing", 0, nil},
	}
	for _, tt := range tests {
		if got := ItemLines(root, tt.key, tt.offset); !maps.Equal(got, tt.want) || (got == nil) != (tt.want == nil) {
			t.Errorf("ItemLines(%q, %d) = %v, want %v", tt.key, tt.offset, got, tt.want)
		}
	}
	scalars := []struct {
		value string
		want  int
	}{
		{"2026-13-45", 11},
		{"222222222222", 9},
		{"0.107", 5},
		{"absent", 0},
	}
	for _, tt := range scalars {
		if got := ScalarLine(root, tt.value); got != tt.want {
			t.Errorf("ScalarLine(%q) = %d, want %d", tt.value, got, tt.want)
		}
	}
	if ScalarLine(nil, "x") != 0 {
		t.Error("ScalarLine(nil) must be 0")
	}
}
