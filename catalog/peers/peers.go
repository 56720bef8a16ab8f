// Package peers holds what the peer scanners call the things our checks
// judge: for each registered check, the Security Hub CSPM control ids and the
// prowler check names that judge the same thing (templates/peers/references.yaml),
// and the peers' own lists of controls and checks in our space
// (securityhub.yaml, prowler.yaml). Customers and reviewers know Security Hub
// ids, so every finding carries them; `import-findings` follows the same table
// backwards, from a peer's finding to the check and control it strengthens.
//
// It is data, owned by no stage, so assess, render and cmd can all read it.
package peers

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/templates"
)

// Reference is one row of the references table: the peers' names for one
// of our checks.
type Reference struct {
	// Check is our registered check id, e.g. "ECS-011.privileged".
	Check string `yaml:"check"`
	// SecurityHub are Security Hub CSPM control ids ("ECS.4").
	SecurityHub []string `yaml:"securityhub"`
	// Prowler are prowler check names ("ecs_task_definitions_no_privileged_containers").
	Prowler []string `yaml:"prowler"`
	// Note is what the row's comments say about where the peers and our
	// check differ ("ours judges internet-facing listeners only").
	Note string `yaml:"-"`
	// Line is the row's line in its file, for errors found after loading.
	Line int `yaml:"-"`
}

// Control is one of a peer's controls or checks: its id and title.
type Control struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	// Line is the entry's line in its file.
	Line int `yaml:"-"`
}

// Table is the loaded references table with the peers' lists.
type Table struct {
	// References are the rows in file order.
	References []Reference
	// SecurityHub and Prowler are the peers' controls and checks in our
	// space, in file order.
	SecurityHub, Prowler []Control
	byCheck              map[string]int
}

// Files of the table inside templates.FS.
const (
	dir             = "peers"
	ReferencesFile  = dir + "/references.yaml"
	SecurityHubFile = dir + "/securityhub.yaml"
	ProwlerFile     = dir + "/prowler.yaml"
)

// The forms of the ids: a Security Hub control id is "Service.N"; a prowler
// check name is lower-case words joined by underscores.
var (
	securityHubID = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*\.[1-9][0-9]*$`)
	prowlerName   = regexp.MustCompile(`^[a-z0-9]+(_[a-z0-9]+)+$`)
)

// ValidSecurityHubID reports whether id has the form of a Security Hub
// control id ("ECS.4", "CloudTrail.1").
func ValidSecurityHubID(id string) bool { return securityHubID.MatchString(id) }

// ValidProwlerName reports whether name has the form of a prowler check name.
func ValidProwlerName(name string) bool { return prowlerName.MatchString(name) }

// Load reads the table shipped in the binary.
func Load() (*Table, error) { return LoadFS(templates.FS) }

// LoadFS reads the table from fsys (templates.FS, or a test's tree).
func LoadFS(fsys fs.FS) (*Table, error) {
	t := &Table{byCheck: map[string]int{}}
	var err error
	if t.References, err = readRows[Reference](fsys, ReferencesFile, validReference); err != nil {
		return nil, err
	}
	if t.SecurityHub, err = readRows[Control](fsys, SecurityHubFile, validControl(ValidSecurityHubID)); err != nil {
		return nil, err
	}
	if t.Prowler, err = readRows[Control](fsys, ProwlerFile, validControl(ValidProwlerName)); err != nil {
		return nil, err
	}
	var errs []error
	for i, r := range t.References {
		if j, dup := t.byCheck[r.Check]; dup {
			errs = append(errs, fmt.Errorf("%s:%d: check %s is listed again (first at line %d): give it one row", ReferencesFile, r.Line, r.Check, t.References[j].Line))
			continue
		}
		t.byCheck[r.Check] = i
	}
	errs = append(errs, uniqueIDs(SecurityHubFile, t.SecurityHub), uniqueIDs(ProwlerFile, t.Prowler))
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return t, nil
}

// For returns the Security Hub ids and prowler names of our check id (both
// nil when the table has no row for it).
func (t *Table) For(check string) (securityHub, prowler []string) {
	if t == nil {
		return nil, nil
	}
	i, ok := t.byCheck[check]
	if !ok {
		return nil, nil
	}
	return t.References[i].SecurityHub, t.References[i].Prowler
}

// ChecksFor returns our check ids that a Security Hub control id or a
// prowler check name maps to, sorted; nil when none does.
func (t *Table) ChecksFor(peerID string) []string {
	var out []string
	for _, r := range t.References {
		if slices.Contains(r.SecurityHub, peerID) || slices.Contains(r.Prowler, peerID) {
			out = append(out, r.Check)
		}
	}
	slices.Sort(out)
	return out
}

// readRows strictly decodes the YAML list in file name of fsys into rows,
// stamps each with its line and checks it with valid; every problem is
// named "file:line: …".
func readRows[T any](fsys fs.FS, name string, valid func(*T) error) ([]T, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var rows []T
	if err := dec.Decode(&rows); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var items []*yaml.Node
	if len(root.Content) == 1 && root.Content[0].Kind == yaml.SequenceNode {
		items = root.Content[0].Content
	}
	var errs []error
	for i := range rows {
		line := 0
		if i < len(items) {
			line = items[i].Line
		}
		setLine(&rows[i], line)
		if r, ok := any(&rows[i]).(*Reference); ok && i < len(items) {
			r.Note = strings.Join(comments(items[i]), "; ")
		}
		if err := valid(&rows[i]); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: %w", path.Clean(name), line, err))
		}
	}
	return rows, errors.Join(errs...)
}

// comments are the line comments inside a YAML node, in document order.
func comments(n *yaml.Node) []string {
	var out []string
	if c := strings.TrimSpace(strings.TrimPrefix(n.LineComment, "#")); c != "" {
		out = append(out, c)
	}
	for _, k := range n.Content {
		out = append(out, comments(k)...)
	}
	return out
}

// setLine records where a row sits in its file.
func setLine(row any, line int) {
	switch r := row.(type) {
	case *Reference:
		r.Line = line
	case *Control:
		r.Line = line
	}
}

// validReference checks one references row: a check id, and ids of the
// peers' forms, each once.
func validReference(r *Reference) error {
	var errs []error
	if r.Check == "" {
		errs = append(errs, errors.New("a row needs check: (our check id)"))
	}
	for _, id := range r.SecurityHub {
		if !ValidSecurityHubID(id) {
			errs = append(errs, fmt.Errorf("securityhub %q is not a Security Hub control id (Service.N, e.g. ECS.4)", id))
		}
	}
	for _, n := range r.Prowler {
		if !ValidProwlerName(n) {
			errs = append(errs, fmt.Errorf("prowler %q is not a prowler check name (lower_case_words)", n))
		}
	}
	if len(r.SecurityHub)+len(r.Prowler) == 0 {
		errs = append(errs, fmt.Errorf("check %s names neither a Security Hub control nor a prowler check", r.Check))
	}
	if hasDup(r.SecurityHub) || hasDup(r.Prowler) {
		errs = append(errs, fmt.Errorf("check %s lists an id twice", r.Check))
	}
	return errors.Join(errs...)
}

// validControl checks one entry of a peer's list with the id form valid.
func validControl(valid func(string) bool) func(*Control) error {
	return func(c *Control) error {
		switch {
		case !valid(c.ID):
			return fmt.Errorf("id %q does not have the peer's id form", c.ID)
		case c.Title == "":
			return fmt.Errorf("%s needs a title", c.ID)
		}
		return nil
	}
}

// uniqueIDs reports an id listed twice in a peer's list.
func uniqueIDs(name string, cs []Control) error {
	seen := map[string]int{}
	var errs []error
	for _, c := range cs {
		if first, ok := seen[c.ID]; ok {
			errs = append(errs, fmt.Errorf("%s:%d: %s is listed again (first at line %d)", name, c.Line, c.ID, first))
			continue
		}
		seen[c.ID] = c.Line
	}
	return errors.Join(errs...)
}

func hasDup(ids []string) bool {
	s := slices.Clone(ids)
	slices.Sort(s)
	return len(slices.Compact(s)) != len(ids)
}
