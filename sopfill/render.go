// Package sop fills the partner's standard operating procedures, policies
// and the customer handoff runbook from the casefile, the case study and its
// inventory.
//
// Each document is a Markdown file with Go text/template actions, embedded
// under templates/soptext/ (one file per document) and overridable: a file of the
// same name in the casefile's SOP directory (the folder form of `sops:`), or
// the file an entry of `sops:` names, replaces the embedded one. A built-in
// template is the partner's procedure only when `sops:` adopts it
// (Document.Origin); otherwise it is a placeholder. Only these templates are
// ever executed; text from the casefile (summaries, business value, names)
// reaches them as data and is never evaluated as a template.
//
// Each document has a partner-level part (the standard procedure) and, when
// a case study is given, an "In <customer>'s deployment" part showing how it
// was applied, from the real clusters, services, alarms, log groups, scaling
// policies, subnets, security groups, trails, keys and listeners. The case
// part comes last, so that what a case study adds to the partner's text is
// known (Document.Applied) and the procedure itself is printed once. Templates
// run with missingkey=error, so a misspelt field fails, while absent data is
// shown as a visible "**[to be completed: …]**" marker (the todo and orTodo
// functions), never as an error or an empty sentence. Documents start with a
// level-1 heading; the PDF renderer shifts headings to where they are placed.
package sopfill

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/templates"
)

// TemplateDir is the directory of the SOP templates inside templates.FS.
const TemplateDir = "soptext"

// MaxTemplateSize bounds an override template file.
const MaxTemplateSize = 1 << 20

// Spec describes one document: its id, the controls it answers, its title
// and its template file name.
type Spec struct {
	ID       string
	Controls []string
	Title    string
	File     string
}

// specs is the immutable list of SOP documents, in the checklist's order.
var specs = []Spec{
	{"ACCT-001", []string{"ACCT-001"}, "Secure AWS Account Governance", "acct-001-account-governance.md.tmpl"},
	{"ACCT-002", []string{"ACCT-002"}, "Identity and Access to Customer AWS Accounts", "acct-002-identity-access.md.tmpl"},
	{"OPE-001", []string{"OPE-001"}, "Workload Health KPIs", "ope-001-health-kpis.md.tmpl"},
	{"OPE-002", []string{"OPE-002"}, "Customer Runbook and Playbook Standard", "ope-002-runbook-playbook.md.tmpl"},
	{"OPE-003", []string{"OPE-003"}, "Deployment Readiness Checklist", "ope-003-deployment-readiness.md.tmpl"},
	{"NETSEC-001", []string{"NETSEC-001"}, "Network Security Standard", "netsec-001-network-security.md.tmpl"},
	{"NETSEC-002", []string{"NETSEC-002"}, "Data Encryption and Key Management Policy", "netsec-002-encryption.md.tmpl"},
	{"REL-001", []string{"REL-001", "ECS-002"}, "Deployment Automation and Rollback", "rel-001-deployment-automation.md.tmpl"},
	{"REL-002", []string{"REL-002"}, "Workload Resilience, RTO and RPO", "rel-002-resilience.md.tmpl"},
	{"COST-001", []string{"COST-001"}, "Cost Modelling and Business Value", "cost-001-cost-modelling.md.tmpl"},
	{"ECS-013", []string{"ECS-013"}, "Compliance Handoff", "ecs-013-compliance-handoff.md.tmpl"},
}

// RunbookFile is the template of the customer handoff runbook.
const RunbookFile = "runbook.md.tmpl"

// Specs returns every SOP document's spec, in order.
func Specs() []Spec {
	out := make([]Spec, len(specs))
	for i, s := range specs {
		s.Controls = slices.Clone(s.Controls)
		out[i] = s
	}
	return out
}

// ForControl returns the document that answers a control (ECS-002 is
// answered by the REL-001 document), and false when no SOP covers it.
func ForControl(id string) (Spec, bool) {
	for _, s := range Specs() {
		if slices.Contains(s.Controls, id) {
			return s, true
		}
	}
	return Spec{}, false
}

// Document is one rendered SOP.
type Document struct {
	// ID is the spec id; Control is the first control it answers, Controls all of them.
	ID       string
	Control  string
	Controls []string
	Title    string
	// Source is the template used: "embedded:<file>" or the override's path.
	Source string
	// Origin says whose text it is: the partner's own, ecspack's template
	// adopted in `sops:`, or ecspack's template not adopted (a placeholder).
	Origin Origin
	// Markdown is the whole filled document.
	Markdown []byte
	// Applied is what the document of a case study adds to the partner's
	// procedure (its "In <customer>'s deployment" part), so that the
	// procedure itself is printed once; nil at partner level. A template
	// whose case part is not at its end (its partner text depends on the
	// case study) gives the whole document here.
	Applied []byte
	// Placeholders are what the document still shows in place of content.
	Placeholders []Placeholder
}

// Origin says whose text an SOP is.
type Origin string

// The origins of an SOP document.
const (
	// OriginOwn is the partner's own template (the folder form of `sops:`,
	// or an entry's file:).
	OriginOwn Origin = "own"
	// OriginAdopted is ecspack's template, which `sops:` adopts as the
	// partner's procedure.
	OriginAdopted Origin = "adopted"
	// OriginTemplate is ecspack's template not adopted: it is not the
	// partner's procedure yet, so the controls it answers need a narrative.
	OriginTemplate Origin = "template"
)

// Placeholder is a placeholder a filled document shows: the template's own
// "[to be completed: …]" marker where data was missing, or placeholder text
// in an override template.
type Placeholder struct {
	// Line is the line of the template that printed it, 0 when unknown.
	Line int
	placeholder.Hit
}

// templateAction matches one text/template action on a line.
var templateAction = regexp.MustCompile(`\{\{.*?\}\}`)

// findPlaceholders locates the placeholders of a filled document in its
// template source. A "[to be completed" marker is always reported; other
// placeholder words only when the template itself holds them, because words
// that came from the casefile are reported at their own file and line.
func findPlaceholders(md, src []byte) []Placeholder {
	lines := strings.Split(string(src), "\n")
	find := func(needle string) int {
		needle = strings.ToLower(needle)
		for i, l := range lines {
			if strings.Contains(strings.ToLower(l), needle) {
				return i + 1
			}
		}
		return 0
	}
	var out []Placeholder
	for _, h := range placeholder.Find(string(md)) {
		if h.Marker == "[to be completed" {
			what := strings.TrimSuffix(strings.TrimPrefix(h.Excerpt, "[to be completed: "), "]")
			if i := strings.Index(what, "]"); i >= 0 {
				what = what[:i]
			}
			if r := []rune(what); len(r) > 40 {
				what = string(r[:40])
			}
			out = append(out, Placeholder{Line: find(`"` + what), Hit: h})
			continue
		}
		// The template's own text, without its actions ({{todo …}} is a
		// function, not a placeholder).
		text := templateAction.ReplaceAllString(string(src), "")
		if tl := placeholder.Find(text); len(tl) > 0 {
			for _, t := range tl {
				if t.Marker == h.Marker {
					out = append(out, Placeholder{Line: t.Line, Hit: h})
					break
				}
			}
		}
	}
	return out
}

// Options are optional inputs of Render and the runbook.
type Options struct {
	// Cost is the case study's cost model, shown in the COST-001 document
	// and the runbook; nil makes them show a marker.
	Cost *cost.Model
	// Statuses are the assessed statuses of the case study's controls, by
	// id. Documents may mention a status; they never see check internals.
	// The runbook, a document for the customer, shows none.
	Statuses map[string]assess.Status
	// Estate is the view of the case study's inventory when the caller built
	// it (the pipeline builds one per case study for every stage); nil
	// builds one.
	Estate *estate.Estate
}

// Render fills every SOP for a case study, or at partner level when cs is
// nil. Errors name the template file and line.
//
// ctx stops a partner's override template (see MaxTemplateTime).
func Render(ctx context.Context, cf *evidence.Casefile, cs *evidence.CaseStudy, opts Options) ([]Document, error) {
	set, err := loadTemplates(cf)
	if err != nil {
		return nil, err
	}
	base := baseData(cf, cs, opts)
	var out []Document
	for _, s := range specs {
		d := base
		d.Doc = DocInfo{ID: s.ID, Title: s.Title, Controls: slices.Clone(s.Controls)}
		if st, ok := opts.Statuses[s.Controls[0]]; ok {
			d.Doc.Status = string(st)
		}
		md, src, err := set.execute(ctx, s.File, d)
		if err != nil {
			return nil, err
		}
		doc := Document{ID: s.ID, Control: s.Controls[0], Controls: slices.Clone(s.Controls), Title: s.Title, Source: src,
			Origin: set.origin(cf, s), Markdown: md, Placeholders: findPlaceholders(md, set.src[s.File])}
		if d.Case != nil {
			// The same document without the case study is the partner's
			// procedure; what the case study adds is its own part. An
			// override that cannot be filled without a case study is all
			// the case study's.
			d.Case = nil
			partner, _, err := set.execute(ctx, s.File, d)
			if cerr := ctx.Err(); cerr != nil {
				return nil, cerr
			}
			doc.Applied = md
			if err == nil {
				doc.Applied = appliedPart(md, partner)
			}
		}
		out = append(out, doc)
	}
	return out, nil
}

// appliedPart is what full (a document filled for a case study) adds to
// partner (the same document at partner level): the rest of full when it
// starts with partner's lines, else all of full.
func appliedPart(full, partner []byte) []byte {
	p := bytes.TrimRight(partner, "\n")
	if len(p) == 0 || !bytes.HasPrefix(full, p) || (len(full) > len(p) && full[len(p)] != '\n') {
		return full
	}
	rest := bytes.TrimSpace(full[len(p):])
	if len(rest) == 0 {
		return nil
	}
	return append(rest, '\n')
}

// origin says whose text the document of spec s is.
func (t *templateSet) origin(cf *evidence.Casefile, s Spec) Origin {
	if !strings.HasPrefix(t.from[s.File], "embedded:") {
		return OriginOwn
	}
	if cf != nil {
		if _, ok := cf.SOPs.Adoption(s.ID); ok {
			return OriginAdopted
		}
	}
	return OriginTemplate
}

// Runbook fills the customer handoff runbook of a case study: system
// overview, service inventory, health KPIs and alerting, standard operations
// with the aws CLI commands for this deployment, troubleshooting per KPI,
// disaster recovery and contacts. opts.Cost may be nil (the cost section
// then shows a marker).
func Runbook(ctx context.Context, cf *evidence.Casefile, cs *evidence.CaseStudy, opts Options) ([]byte, error) {
	doc, err := RunbookDocument(ctx, cf, cs, opts)
	if err != nil {
		return nil, err
	}
	return doc.Markdown, nil
}

// RunbookDocument is Runbook with the document's source and placeholders;
// the runbook serves OPE-002.
func RunbookDocument(ctx context.Context, cf *evidence.Casefile, cs *evidence.CaseStudy, opts Options) (Document, error) {
	if cs == nil {
		return Document{}, errors.New("runbook: no case study")
	}
	set, err := loadTemplates(cf)
	if err != nil {
		return Document{}, err
	}
	d := baseData(cf, cs, opts)
	d.Doc = DocInfo{ID: "RUNBOOK", Title: "Operations Runbook", Controls: []string{"OPE-002"}}
	md, src, err := set.execute(ctx, RunbookFile, d)
	if err != nil {
		return Document{}, err
	}
	return Document{ID: d.Doc.ID, Control: "OPE-002", Controls: []string{"OPE-002"}, Title: d.Doc.Title, Source: src, Markdown: md,
		Placeholders: findPlaceholders(md, set.src[RunbookFile])}, nil
}

// baseData is what every document of cs (nil: the partner's) is filled
// from; of opts it takes the cost model and the estate view.
func baseData(cf *evidence.Casefile, cs *evidence.CaseStudy, opts Options) Data {
	var d Data
	if cf != nil {
		d.Partner = PartnerView{Name: cf.Partner.Name, LegalName: cf.Partner.LegalName, Website: cf.Partner.Website, Contacts: slices.Clone(cf.Partner.Contacts)}
		d.Package = PackageView{ID: cf.Package.ID, Date: cf.Package.Date.String(), Designation: cf.Package.Designation, Checklist: cf.Checklist}
	}
	if cs != nil {
		d.Case = newCaseView(cf, cs, opts.Cost, opts.Estate)
	}
	return d
}

// templateSet holds the source of every template: embedded or overridden.
type templateSet struct {
	src  map[string][]byte
	from map[string]string
}

// TemplateFiles lists the file names of every template (SOPs and runbook).
func TemplateFiles() []string {
	var out []string
	for _, s := range specs {
		out = append(out, s.File)
	}
	return append(out, RunbookFile)
}

// EmbeddedTemplate returns the shipped source of a template, so a partner
// can start an override from it.
func EmbeddedTemplate(file string) ([]byte, error) {
	if !slices.Contains(TemplateFiles(), file) {
		return nil, fmt.Errorf("%s is not an SOP template: expected one of %s", file, strings.Join(TemplateFiles(), ", "))
	}
	return fs.ReadFile(templates.FS, TemplateDir+"/"+file)
}

func loadTemplates(cf *evidence.Casefile) (*templateSet, error) {
	set := &templateSet{src: map[string][]byte{}, from: map[string]string{}}
	for _, f := range TemplateFiles() {
		b, err := fs.ReadFile(templates.FS, TemplateDir+"/"+f)
		if err != nil {
			return nil, fmt.Errorf("embedded SOP template %s: %w", f, err)
		}
		set.src[f], set.from[f] = b, "embedded:"+f
	}
	if cf == nil {
		return set, nil
	}
	if err := set.adoptedFiles(cf); err != nil {
		return nil, err
	}
	if cf.SOPs.Dir == "" {
		return set, nil
	}
	dir := cf.SOPs.Dir
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(cf.Dir, dir)
	}
	// The folder and its templates must stay inside the casefile (evidence.Load
	// says so with the line of `sops:`; this is the same guard where they are
	// read): a folder or template linking out of it could print any file of
	// the machine into the package.
	if !safefile.Inside(cf.Dir, dir) {
		return nil, fmt.Errorf("SOP override directory %s is a symbolic link out of the casefile %s: expected a directory inside it", dir, cf.Dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("SOP override directory: %w", err)
	}
	known := TemplateFiles()
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || strings.HasPrefix(name, ".") || !strings.HasSuffix(name, ".md.tmpl") {
			continue
		}
		path := filepath.Join(dir, name)
		if !slices.Contains(known, name) {
			return nil, fmt.Errorf("%s: not the name of an SOP template, so it would never be used: expected one of %s", path, strings.Join(known, ", "))
		}
		b, err := safefile.ReadFileIn(cf.Dir, path, MaxTemplateSize)
		if err != nil {
			return nil, fmt.Errorf("SOP override: %w", err)
		}
		set.src[name], set.from[name] = b, path
	}
	return set, nil
}

// adoptedFiles reads the partner's own templates that entries of the list
// form of `sops:` name (id: and file:), in place of the built-in ones. They
// are read, bounded and run exactly as the folder form's.
func (s *templateSet) adoptedFiles(cf *evidence.Casefile) error {
	for _, a := range cf.SOPs.Adopted {
		if a.File == "" {
			continue
		}
		i := slices.IndexFunc(specs, func(s Spec) bool { return s.ID == a.ID })
		if i < 0 {
			return fmt.Errorf("sops: %s has no SOP template to replace: expected one of %s", a.ID, strings.Join(specIDs(), ", "))
		}
		path := a.File
		if !filepath.IsAbs(path) {
			path = filepath.Join(cf.Dir, path)
		}
		b, err := safefile.ReadFileIn(cf.Dir, path, MaxTemplateSize)
		if err != nil {
			return fmt.Errorf("SOP %s: %w", a.ID, err)
		}
		s.src[specs[i].File], s.from[specs[i].File] = b, path
	}
	return nil
}

// specIDs are the ids of the SOP documents, in order.
func specIDs() []string {
	out := make([]string, len(specs))
	for i, s := range specs {
		out[i] = s.ID
	}
	return out
}

// execute parses and runs one template. The template is named after its
// source (the override's path, or the embedded file name), so text/template's
// errors read "template: PATH:LINE: ...".
//
// An override runs within the bounds of runBounded (output size, steps,
// time); the embedded templates are ours and only scale with the data.
func (s *templateSet) execute(ctx context.Context, file string, d Data) ([]byte, string, error) {
	from := s.from[file]
	name := strings.TrimPrefix(from, "embedded:")
	// HTML comments are guidance, never claims (the readiness verdict skips
	// them): they are dropped before parsing, so they are neither printed nor
	// run, and line numbers in errors stay those of the file.
	src := placeholder.StripComments(string(s.src[file]))
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs()).Parse(src)
	if err != nil {
		return nil, from, fmt.Errorf("SOP template %s: %w", name, err)
	}
	var out []byte
	if strings.HasPrefix(from, "embedded:") {
		var buf bytes.Buffer
		err = t.Execute(&buf, d)
		out = buf.Bytes()
	} else {
		out, err = runBounded(ctx, t, name, src, d)
	}
	if err != nil {
		// The bounds' own functions are no concern of the partner's.
		msg := boundsCallRE.ReplaceAllString(err.Error(), ": ")
		return nil, from, fmt.Errorf("SOP template %s: %w", name, &wrapped{msg, err})
	}
	return tidy(out), from, nil
}

// wrapped is an error with its message rewritten and its chain kept.
type wrapped struct {
	msg string
	err error
}

func (w *wrapped) Error() string { return w.msg }
func (w *wrapped) Unwrap() error { return w.err }

// tidy collapses runs of blank lines that conditional sections leave behind
// and ends the document with one newline.
func tidy(b []byte) []byte {
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	var out []string
	blank := 0
	inFence := false
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "```") {
			inFence = !inFence
		}
		if !inFence && strings.TrimSpace(l) == "" {
			blank++
			if blank > 1 {
				continue
			}
			l = ""
		} else {
			blank = 0
		}
		out = append(out, strings.TrimRight(l, " \t"))
	}
	return []byte(strings.TrimSpace(strings.Join(out, "\n")) + "\n")
}

// maxIndent bounds the indent function's width.
const maxIndent = 64

// Todo is the marker for missing data.
func Todo(what string) string { return "**[to be completed: " + what + "]**" }

// funcs are the functions templates may call.
func funcs() template.FuncMap {
	return template.FuncMap{
		// todo "what" renders the to-be-completed marker.
		"todo": Todo,
		// orTodo value "what" renders value, or the marker when it is empty.
		"orTodo": func(v any, what string) string {
			if empty(v) {
				return Todo(what)
			}
			return fmt.Sprint(v)
		},
		// cell makes a value safe in a table cell (one line, pipes escaped); "—" when empty.
		"cell": func(v any) string {
			if empty(v) {
				return "—"
			}
			s := strings.Join(strings.Fields(fmt.Sprint(v)), " ")
			return strings.ReplaceAll(s, "|", `\|`)
		},
		// code wraps text in a code span.
		"code": func(v any) string {
			s := fmt.Sprint(v)
			if strings.Contains(s, "`") {
				return "`` " + s + " ``"
			}
			return "`" + s + "`"
		},
		// join joins a list; "—" when empty.
		"join": func(list []string, sep string) string {
			if len(list) == 0 {
				return "—"
			}
			return strings.Join(list, sep)
		},
		"yesno": words.YesNo,
		// plural picks the singular or plural word for n.
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return one
			}
			return many
		},
		"inc":   func(i int) int { return i + 1 },
		"lower": strings.ToLower,
		"upper": strings.ToUpper,
		// trim removes surrounding white space (for casefile Markdown).
		"trim": strings.TrimSpace,
		// has reports whether a list contains a string.
		"has": func(list []string, s string) bool { return slices.Contains(list, s) },
		// indent prefixes every line after the first with n spaces (list items).
		// n is bounded: in an override it is the partner's number, and
		// "indent 4000000000" would allocate gigabytes in one call.
		"indent": func(n int, s string) (string, error) {
			if n < 0 || n > maxIndent {
				return "", fmt.Errorf("indent %d: expected 0 to %d spaces", n, maxIndent)
			}
			return strings.ReplaceAll(strings.TrimSpace(s), "\n", "\n"+strings.Repeat(" ", n)), nil
		},
	}
}

func empty(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return strings.TrimSpace(rv.String()) == ""
	case reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() == 0
	case reflect.Pointer, reflect.Interface:
		return rv.IsNil()
	}
	return rv.IsZero()
}
