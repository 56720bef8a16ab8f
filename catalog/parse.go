package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/internal/yamlpos"
)

// monthLayout is the layout of the month-precision dates of a catalog.
const monthLayout = "2006-01"

// Parse decodes and validates one catalog file. name is only used in error
// messages (typically the file's path), which have the form "name:line: problem"
// for validation errors and "name: yaml: line N: problem" for decoding errors, so
// that whoever edits the file can find the spot. Unknown keys are errors: a typo
// in a field name must not silently drop data.
func Parse(name string, data []byte) (*Catalog, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var cat Catalog
	if err := dec.Decode(&cat); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty catalog", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s:%d: more than one YAML document in a catalog", name, extra.Line)
	}

	// Decode once more into a node tree, only to know where each control sits.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	pos := positionsOf(&root)
	if err := validate(&cat, pos); err != nil {
		return nil, fmt.Errorf("invalid catalog %s:\n%w", name, prefixLines(name, err))
	}
	return &cat, nil
}

// positions maps parts of a catalog document to line numbers.
type positions struct {
	top      *yaml.Node   // the document's top-level mapping, nil when it is not one
	controls []*yaml.Node // mapping node of each control, in order
}

// positionsOf indexes the document's top-level keys and control entries.
func positionsOf(root *yaml.Node) positions {
	m := yamlpos.Root(root)
	if m == nil || m.Kind != yaml.MappingNode {
		return positions{}
	}
	p := positions{top: m}
	if c := yamlpos.Value(m, "controls"); c != nil && c.Kind == yaml.SequenceNode {
		p.controls = c.Content
	}
	return p
}

// topLine returns the line of a top-level key's value, or 1 when it is absent.
func (p positions) topLine(key string) int {
	if v := yamlpos.Value(p.top, key); v != nil {
		return v.Line
	}
	return 1
}

// controlLine returns the line of field key of the i-th control, falling back to
// the control's own line and then to the controls list.
func (p positions) controlLine(i int, key string) int {
	if i >= len(p.controls) {
		return p.topLine("controls")
	}
	return yamlpos.Line(p.controls[i], key)
}

// itemLine returns the line of field key of the k-th evidence item of the
// i-th control, falling back to the item's line and then to the evidence key.
func (p positions) itemLine(i, k int, key string) int {
	if i >= len(p.controls) {
		return p.topLine("controls")
	}
	ev := yamlpos.Value(p.controls[i], "evidence")
	if ev == nil || ev.Kind != yaml.SequenceNode || k >= len(ev.Content) {
		return p.controlLine(i, "evidence")
	}
	return yamlpos.Line(ev.Content[k], key)
}

// lineError is a validation problem at a line of the catalog file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

// prefixLines turns the joined lineErrors of validate into "name:line: msg" lines.
func prefixLines(name string, err error) error {
	var errs []error
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		errs = joined.Unwrap()
	} else {
		errs = []error{err}
	}
	out := make([]error, len(errs))
	for i, e := range errs {
		out[i] = fmt.Errorf("%s:%w", name, e)
	}
	return errors.Join(out...)
}

// validate checks what the YAML decoder cannot: required values, unique ids,
// known scopes and conditions, and consistency between controls and the
// conditions table. It reports every problem, not just the first.
func validate(cat *Catalog, pos positions) error {
	var errs []error
	add := func(line int, format string, args ...any) {
		errs = append(errs, &lineError{line: line, msg: fmt.Sprintf(format, args...)})
	}

	if strings.TrimSpace(cat.Version) == "" {
		add(pos.topLine("checklist"), "checklist version is missing")
	}
	if strings.TrimSpace(cat.Title) == "" {
		add(pos.topLine("title"), "title is missing")
	}
	if cat.Released.IsZero() {
		add(pos.topLine("released"), "released date is missing")
	}
	for _, f := range []struct{ key, value string }{
		{"valid_from", cat.ValidFrom},
		{"valid_until", cat.ValidUntil},
		{"next_version_expected", cat.NextVersionExpected},
		{"usable_until", cat.UsableUntil},
	} {
		if f.value == "" {
			continue
		}
		if _, err := time.Parse(monthLayout, f.value); err != nil {
			add(pos.topLine(f.key), "%s %q is not a YYYY-MM month", f.key, f.value)
		}
	}

	for _, c := range cat.ConditionNames() {
		if c == ConditionNone || !c.Valid() {
			add(pos.topLine("conditions"), "unknown condition %q (known: %s)", c, joinConditions())
		} else if strings.TrimSpace(cat.Conditions[c]) == "" {
			add(pos.topLine("conditions"), "condition %q has no explanation", c)
		}
	}

	if len(cat.Controls) == 0 {
		add(pos.topLine("controls"), "no controls")
	}
	firstLine := map[string]int{}
	used := map[Condition]bool{}
	for i, c := range cat.Controls {
		idLine := pos.controlLine(i, "id")
		label := fmt.Sprintf("control %q", c.ID)
		switch {
		case c.ID == "":
			label = fmt.Sprintf("control #%d", i+1)
			add(idLine, "%s has no id", label)
		case !prerequisiteID.MatchString(c.ID) && !controlID.MatchString(c.ID):
			add(idLine, "%s: id must look like \"1.1\" or \"ECS-001\"", label)
		}
		if c.ID != "" {
			if first, dup := firstLine[c.ID]; dup {
				add(idLine, "duplicate control id %q (first at line %d)", c.ID, first)
			} else {
				firstLine[c.ID] = idLine
			}
		}
		for _, f := range []struct{ key, value string }{
			{"title", c.Title},
			{"section", c.Section},
			{"category", c.Category},
			{"requirement", c.Requirement},
		} {
			if strings.TrimSpace(f.value) == "" {
				add(pos.controlLine(i, f.key), "%s: %s is missing", label, f.key)
			}
		}
		if !c.Scope.Valid() {
			add(pos.controlLine(i, "scope"), "%s: unknown scope %q (known: %s)", label, c.Scope, joinScopes())
		}
		if c.Condition != ConditionNone {
			used[c.Condition] = true
			switch {
			case !c.Condition.Valid():
				add(pos.controlLine(i, "condition"), "%s: unknown condition %q (known: %s)", label, c.Condition, joinConditions())
			case cat.Conditions[c.Condition] == "":
				add(pos.controlLine(i, "condition"), "%s: condition %q is not explained under conditions:", label, c.Condition)
			}
		}
		validateItems(c, label, func(k int, key string) int { return pos.itemLine(i, k, key) }, add)
		for _, cmd := range c.CLIOutputs {
			if !strings.HasPrefix(cmd, "aws ") {
				add(pos.controlLine(i, "cli_outputs"), "%s: cli output %q is not an aws CLI command", label, cmd)
			}
		}
	}
	for _, c := range cat.ConditionNames() {
		if c.Valid() && c != ConditionNone && !used[c] {
			add(pos.topLine("conditions"), "condition %q is used by no control", c)
		}
	}
	return errors.Join(errs...)
}

// joinScopes lists the valid scopes for error messages.
func joinScopes() string {
	s := make([]string, len(knownScopes))
	for i, v := range knownScopes {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}

// joinConditions lists the valid conditions for error messages.
func joinConditions() string {
	s := make([]string, len(knownConditions))
	for i, v := range knownConditions {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
