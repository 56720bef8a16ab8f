package evidence

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/yamlpos"
)

// SOPs is ecspack.yaml's `sops:`: which of the SOP documents the package
// presents as the partner's own. ecspack ships a template for each control
// whose evidence is a partner-level document; a reviewer reads it as the
// partner's procedure, so a template counts only when the partner says it is
// theirs — by adopting it as it is, or by supplying their own text. A
// template neither adopted nor replaced is a placeholder (the controls it
// answers need a narrative).
//
// Two forms:
//
//	sops:                      # the list form
//	  - ACCT-001               # adopt ecspack's template as written
//	  - id: OPE-001            # our own text for OPE-001: a template filled
//	    file: sops/kpis.md.tmpl  # the same way, relative to the casefile
//
//	sops: sops                 # the folder form: each template file in the
//	                           # folder (named as the built-in one) is ours
type SOPs struct {
	// Dir is the folder form: a folder of override templates (relative to
	// the casefile), each named as the built-in template it replaces. The
	// templates in it are the partner's own; no other is adopted.
	Dir string `yaml:"-"`
	// Adopted is the list form, in the order written.
	Adopted []SOPAdoption `yaml:"-"`
	// Line is the line of `sops:` in ecspack.yaml (of the top-level mapping
	// when the key is absent), for findings about a template not adopted.
	Line int `yaml:"-"`
}

// SOPAdoption is one entry of the list form of `sops:`.
type SOPAdoption struct {
	// ID is the SOP's id, the control it answers first (e.g. "OPE-001").
	ID string `yaml:"id"`
	// File, when set, is the partner's own template for the SOP (relative
	// to the casefile), filled like the built-in one; empty adopts the
	// built-in template as written.
	File string `yaml:"file"`
}

// Adoption reports how the casefile adopts the SOP id: the entry of the
// list form, and whether there is one. The folder form adopts nothing by
// id (its files are the partner's own; package sopfill reads them).
func (s SOPs) Adoption(id string) (SOPAdoption, bool) {
	for _, a := range s.Adopted {
		if a.ID == id {
			return a, true
		}
	}
	return SOPAdoption{}, false
}

// HasOwn reports whether the partner supplies templates of their own (the
// folder form, or an entry with file:), which may print what the built-in
// ones never do (a control's status, say).
func (s SOPs) HasOwn() bool {
	return s.Dir != "" || slices.ContainsFunc(s.Adopted, func(a SOPAdoption) bool { return a.File != "" })
}

// UnmarshalYAML reads either form. Its errors are type errors with a line,
// which Load reports with the others.
func (s *SOPs) UnmarshalYAML(n *yaml.Node) error {
	n = resolveAlias(n)
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return nil
		}
		s.Dir = n.Value
		return nil
	case yaml.SequenceNode:
	default:
		return sopsError(n, "sops: expected a list of SOP ids to adopt (- OPE-001, or - id: OPE-001 with file: your own template), or a folder of SOP templates")
	}
	var errs []string
	for _, item := range n.Content {
		item = resolveAlias(item)
		switch item.Kind {
		case yaml.ScalarNode:
			s.Adopted = append(s.Adopted, SOPAdoption{ID: item.Value})
		case yaml.MappingNode:
			var a SOPAdoption
			for i := 0; i+1 < len(item.Content); i += 2 {
				k, v := item.Content[i], resolveAlias(item.Content[i+1])
				if v.Kind != yaml.ScalarNode || (k.Value != "id" && k.Value != "file") {
					errs = append(errs, fmt.Sprintf("line %d: sops: unknown setting %q in an adopted SOP: expected id: and file:", k.Line, k.Value))
					continue
				}
				if k.Value == "id" {
					a.ID = v.Value
				} else {
					a.File = v.Value
				}
			}
			s.Adopted = append(s.Adopted, a)
		default:
			errs = append(errs, fmt.Sprintf("line %d: sops: expected an SOP id (- OPE-001) or id: and file:", item.Line))
		}
	}
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}

// resolveAlias is the node an alias (*name) stands for, or n itself.
func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; i < 8 && n.Kind == yaml.AliasNode && n.Alias != nil; i++ {
		n = n.Alias
	}
	return n
}

func sopsError(n *yaml.Node, msg string) error {
	return &yaml.TypeError{Errors: []string{fmt.Sprintf("line %d: %s", n.Line, msg)}}
}

// validateSOPs checks `sops:` against the edition: every id adopted is a
// control whose evidence is a partner-level document (sop: true), listed
// once, and every file and folder lies inside the casefile.
func validateSOPs(cf *Casefile, cat *catalog.Catalog, root *yaml.Node, ps *problems) {
	f := cf.File
	cf.SOPs.Line = keyLine(root, "sops")
	if d := cf.SOPs.Dir; d != "" {
		if !local(d) {
			ps.add(f, cf.SOPs.Line, "sops %q: expected a directory inside the casefile", d)
		} else {
			checkSOPDir(cf, cf.SOPs.Line, ps)
		}
	}
	var known []string
	for _, c := range cat.Controls {
		if c.SOP {
			known = append(known, c.ID)
		}
	}
	seen := map[string]bool{}
	for i, a := range cf.SOPs.Adopted {
		line := yamlpos.ItemLine(root, "sops", i)
		c, ok := cat.Control(a.ID)
		switch {
		case a.ID == "":
			ps.add(f, line, "sops[%d]: expected the id of an SOP (one of %s)", i, strings.Join(known, ", "))
			continue
		case !ok || !c.SOP:
			ps.add(f, line, "sops: unknown SOP id %q: expected one of %s (checklist %s)", a.ID, strings.Join(known, ", "), cat.Version)
			continue
		case seen[a.ID]:
			ps.add(f, line, "sops: %s is listed twice: expected each SOP once", a.ID)
			continue
		}
		seen[a.ID] = true
		if a.File == "" {
			continue
		}
		if !local(a.File) {
			ps.add(f, line, "sops: %s file %q: expected a file inside the casefile", a.ID, a.File)
		} else if err := safefile.CheckIn(cf.Dir, filepath.Join(cf.Dir, a.File), -1); err != nil {
			ps.add(f, line, "sops: %s file %q: %s", a.ID, a.File, fileReason(err))
		}
	}
}

// keyLine is the line of key in mapping m, or m's own line when m has no
// such key (the top of the file, for a setting that is not written).
func keyLine(m *yaml.Node, key string) int {
	if m == nil {
		return 0
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i].Line
		}
	}
	return m.Line
}

// checkSOPDir refuses a SOP override folder, or a template in it, that is
// not a plain file or folder of the casefile: a folder or file linking out
// of it (to /etc, say) would otherwise be printed into the package. Only the
// files the sop package reads (*.md.tmpl) are checked; it bounds their size.
func checkSOPDir(cf *Casefile, line int, ps *problems) {
	dir := filepath.Join(cf.Dir, cf.SOPs.Dir)
	if !safefile.Inside(cf.Dir, dir) {
		ps.add(cf.File, line, "sops %q is a symbolic link to a directory outside the casefile: expected a directory inside it", cf.SOPs.Dir)
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			ps.add(cf.File, line, "sops %q: the directory does not exist", cf.SOPs.Dir)
		} else {
			ps.add(cf.File, line, "sops %q: expected a directory of SOP templates: %v", cf.SOPs.Dir, err)
		}
		return
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") || !strings.HasSuffix(name, SOPTemplateSuffix) {
			continue
		}
		if err := safefile.CheckIn(cf.Dir, filepath.Join(dir, name), -1); err != nil {
			ps.add(filepath.Join(dir, name), 0, "%s", fileReason(err))
		}
	}
}

// SOPTemplateSuffix ends the name of every SOP template file.
const SOPTemplateSuffix = ".md.tmpl"
