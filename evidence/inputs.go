package evidence

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Inputs lists every file of the casefile that a package is built from —
// the casefile and case study files, inventories, the aws CLI outputs a
// case study supplies, answers, attachments, WAFR reports, SOP overrides and a checklist edition file — as absolute or Dir-relative paths, sorted and
// without duplicates. The manifest records their checksums so a reviewer can
// tell which evidence a package was built from.
func (cf *Casefile) Inputs() []string {
	var out []string
	add := func(p string) {
		if p != "" {
			out = append(out, filepath.Clean(p))
		}
	}
	add(cf.File)
	add(cf.ChecklistSource) // the edition file, when the edition is not built in
	for _, a := range cf.Answers {
		add(a.File)
		for _, att := range a.Attachments {
			add(filepath.Join(cf.Dir, att))
		}
	}
	if cf.Prices != "" {
		add(filepath.Join(cf.Dir, cf.Prices))
	}
	for _, a := range cf.SOPs.Adopted {
		if a.File != "" {
			add(filepath.Join(cf.Dir, a.File))
		}
	}
	if cf.SOPs.Dir != "" {
		if entries, err := os.ReadDir(filepath.Join(cf.Dir, cf.SOPs.Dir)); err == nil {
			for _, e := range entries {
				// Only the templates ecspack reads (and Load vetted): any
				// other file there is no input of the package.
				if e.Type().IsRegular() && strings.HasSuffix(e.Name(), SOPTemplateSuffix) && !strings.HasPrefix(e.Name(), ".") {
					add(filepath.Join(cf.Dir, cf.SOPs.Dir, e.Name()))
				}
			}
		}
	}
	for _, cs := range cf.CaseStudies {
		if cs.File != cf.File {
			add(cs.File)
		}
		for _, inv := range cs.InventoryFiles {
			add(filepath.Join(cs.Dir, inv))
		}
		for _, p := range cs.CLIOutputFiles() {
			add(p)
		}
		if cs.WAFR != nil && cs.WAFR.Report != "" {
			add(filepath.Join(cs.Dir, cs.WAFR.Report))
		}
		for _, a := range cs.Answers {
			add(a.File)
			for _, att := range a.Attachments {
				add(filepath.Join(cs.Dir, att))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
