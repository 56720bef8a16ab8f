package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/yamlpos"
	"github.com/ecspack/ecspack/inventory"
)

// MaxYAMLSize bounds casefile YAML files; MaxAnswerSize bounds answer files.
// Both are far above any honest input and keep a hostile one from exhausting memory.
const (
	MaxYAMLSize   = 1 << 20
	MaxAnswerSize = 2 << 20
)

// MaxAttachmentSize bounds an attachment or WAFR report. They are not
// printed, only checksummed into the manifest, so the bound is generous; it
// is checked with fstat before anything reads the file.
const MaxAttachmentSize = 256 << 20

// MaxInputSize is the most any one input file may be (a snapshot, the
// largest kind): the bound for code that reads every input, such as the
// manifest's checksums.
const MaxInputSize = max(inventory.MaxFileSize, MaxAttachmentSize)

// Problem is one thing wrong in a casefile, located in a file (and line, when known).
type Problem struct {
	File string
	Line int
	Msg  string
	// MissingInventory is set when the problem is an inventory snapshot
	// that does not exist yet — the first step of a new casefile — to the
	// path it is expected at, so the CLI can say how to make one.
	MissingInventory string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.File, p.Msg)
}

// Error is every problem found in a casefile. Load returns it (wrapped) so the
// partner sees all of them at once.
type Error struct{ Problems []Problem }

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// problems collects Problems while loading.
type problems struct{ list []Problem }

func (ps *problems) add(file string, line int, format string, a ...any) {
	ps.list = append(ps.list, Problem{File: file, Line: line, Msg: fmt.Sprintf(format, a...)})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &Error{Problems: ps.list}
}

// Load reads the casefile in dir (the directory holding ecspack.yaml, or the
// path of that file), its case studies, answers and inventories, and checks
// them against the control catalog of the checklist version it names.
func Load(dir string) (*Casefile, *catalog.Catalog, error) {
	return LoadWith(dir, LoadOptions{})
}

// LoadOptions are the optional inputs of LoadWith.
type LoadOptions struct {
	// Checklist, when set, is the edition to answer instead of the casefile's
	// own: a catalog file or a built-in edition (the --checklist flag).
	Checklist string
	// Checks are the ids of the assessment's checks (assess.Checks), which
	// a waiver must name; nil accepts any <CONTROL>.<check> of the edition.
	Checks []string
}

// LoadWith is Load with options.
func LoadWith(dir string, opts LoadOptions) (*Casefile, *catalog.Catalog, error) {
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	ps := &problems{}
	cf := &Casefile{Dir: dir, File: filepath.Join(dir, FileName)}
	root, ok := readYAML(dir, cf.File, cf, ps)
	if !ok {
		return nil, nil, ps.err()
	}
	cat, ok := loadEdition(cf, root, opts, ps)
	if !ok {
		return nil, nil, ps.err()
	}
	validateCasefile(cf, cat, root, ps)
	cf.Placeholders = scanPlaceholders(cf.File, root)
	cf.Answers = loadAnswers(dir, filepath.Join(dir, "answers"), cat, ps, func(c catalog.Control) bool {
		return c.Scope == catalog.ScopePartner || c.Scope == catalog.ScopePackage
	}, "the casefile root holds answers to partner-level controls (prerequisites 1.1, 1.2, 2.1, 3.1)", droppedFor(cf))
	for _, a := range cf.Answers {
		checkImages(dir, "casefile", a, cf.Redact, ps)
	}

	seenDir := map[string]bool{}
	for i, rel := range cf.CaseStudyDirs {
		line := yamlpos.ItemLine(root, "case_studies", i)
		if rel == "" || filepath.IsAbs(rel) || !local(rel) {
			ps.add(cf.File, line, "case_studies[%d] %q: expected a directory inside the casefile", i, rel)
			continue
		}
		if seenDir[filepath.Clean(rel)] {
			ps.add(cf.File, line, "case study directory %q is listed twice", rel)
			continue
		}
		seenDir[filepath.Clean(rel)] = true
		if !safefile.Inside(dir, filepath.Join(dir, rel)) {
			ps.add(cf.File, line, "case_studies[%d] %q is a symbolic link to a directory outside the casefile: expected a directory inside it", i, rel)
			continue
		}
		cs := loadCaseStudy(filepath.Join(dir, rel), cat, cf, opts, ps, line)
		if cs != nil {
			cf.CaseStudies = append(cf.CaseStudies, cs)
		}
	}
	checkDistinct(cf, ps)
	if err := ps.err(); err != nil {
		return nil, nil, err
	}
	return cf, cat, nil
}

// loadEdition picks the checklist edition: the --checklist flag, else
// checklist_file:, else checklist: (2025-02 when absent).
func loadEdition(cf *Casefile, root *yaml.Node, opts LoadOptions, ps *problems) (*catalog.Catalog, bool) {
	switch {
	case opts.Checklist != "":
		cat, err := catalog.Resolve(opts.Checklist)
		if err != nil {
			ps.add("--checklist", 0, "%v", err)
			return nil, false
		}
		if _, err := os.Stat(opts.Checklist); err == nil {
			cf.ChecklistSource = opts.Checklist
		}
		cf.Checklist = cat.Version
		return cat, true
	case cf.ChecklistFile != "":
		line := yamlpos.Line(root, "checklist_file")
		if !local(cf.ChecklistFile) {
			ps.add(cf.File, line, "checklist_file %q: expected a file inside the casefile", cf.ChecklistFile)
			return nil, false
		}
		path := filepath.Join(cf.Dir, cf.ChecklistFile)
		if _, err := os.Stat(path); err != nil {
			ps.add(cf.File, line, "checklist_file %s: file not found: expected a checklist catalog (see the README, \"Checklist editions\")", cf.ChecklistFile)
			return nil, false
		}
		cat, err := catalog.LoadFile(path)
		if err != nil {
			ps.add(path, 0, "%v", err)
			return nil, false
		}
		if cf.Checklist != "" && cf.Checklist != cat.Version {
			ps.add(cf.File, yamlpos.Line(root, "checklist"), "checklist %q, but checklist_file %s is edition %q: remove checklist: or make them agree", cf.Checklist, cf.ChecklistFile, cat.Version)
			return nil, false
		}
		cf.Checklist, cf.ChecklistSource = cat.Version, path
		return cat, true
	}
	if cf.Checklist == "" {
		cf.Checklist = "2025-02"
	}
	cat, err := catalog.Load(cf.Checklist)
	if err != nil {
		ps.add(cf.File, yamlpos.Line(root, "checklist"), "%v (a newer edition can be given as a file with checklist_file:)", err)
		return nil, false
	}
	return cat, true
}

// FromInventory makes an anonymous casefile around one snapshot file: one case
// study with no narratives, for `--inventory` runs that show an estate against
// the checklist without a casefile.
func FromInventory(path string) (*Casefile, *catalog.Catalog, error) {
	cat, err := catalog.Load("2025-02")
	if err != nil {
		return nil, nil, err
	}
	snap, err := inventory.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	date := snap.Collection.StartedAt
	if date.IsZero() {
		date = snap.Collection.FinishedAt
	}
	var regions []string
	var accounts []AccountRef
	for _, a := range snap.Accounts {
		accounts = append(accounts, AccountRef{ID: a.ID})
		for _, r := range a.Regions {
			if !slices.Contains(regions, r.Name) {
				regions = append(regions, r.Name)
			}
		}
	}
	slices.Sort(regions)
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	cs := &CaseStudy{
		ID: "estate", Dir: filepath.Dir(path), File: path,
		Title:          "Estate " + name,
		Customer:       Customer{Name: "(inventory only)"},
		Stage:          "production",
		Accounts:       accounts,
		Regions:        regions,
		InventoryFiles: []string{filepath.Base(path)},
		Inventory:      snap,
		Answers:        map[string]*Answer{},
	}
	cf := &Casefile{
		Dir: filepath.Dir(path), File: path, Checklist: cat.Version,
		Package:     PackageInfo{ID: "inventory-" + name, Date: Date{date.UTC().Truncate(24 * 60 * 60 * 1e9)}, Designation: "Amazon ECS Service Delivery"},
		Partner:     Partner{Name: "(not specified)"},
		Tagging:     Tagging{Required: DefaultRequiredTags()},
		CaseStudies: []*CaseStudy{cs},
		Answers:     map[string]*Answer{},
	}
	return cf, cat, nil
}

// DefaultRequiredTags are the tag dimensions checked when the casefile names none.
func DefaultRequiredTags() []string { return []string{"environment", "application"} }

// readYAML decodes path (a file inside the casefile root) strictly into v
// and returns the document's root mapping node.
func readYAML(root, path string, v any, ps *problems) (*yaml.Node, bool) {
	data, err := readLimited(root, path, MaxYAMLSize)
	if err != nil {
		ps.add(path, 0, "%v", err)
		return nil, false
	}
	return decodeYAML(path, data, v, ps)
}

// decodeYAML is readYAML once the file is read: it decodes data (named path
// in problems) strictly into v. It is separate so that the fuzz tests run the
// exact code path of Load on arbitrary bytes.
func decodeYAML(path string, data []byte, v any, ps *problems) (*yaml.Node, bool) {
	if len(data) > MaxYAMLSize {
		ps.add(path, 0, "file is larger than %d KiB: expected a short text file", MaxYAMLSize>>10)
		return nil, false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		ps.add(path, yamlErrLine(err), "invalid YAML: %s", yamlErrMsg(err))
		return nil, false
	}
	if expandedSize(&doc, map[*yaml.Node]int64{}) > maxExpandedYAML {
		ps.add(path, 0, "YAML aliases (*name) expand this file to more than %d KiB: expected a short settings file; write values out instead of repeating aliases", maxExpandedYAML>>10)
		return nil, false
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		line := 1
		if len(doc.Content) > 0 {
			line = doc.Content[0].Line
		}
		ps.add(path, line, "expected a YAML mapping of settings at the top level")
		return nil, false
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			for _, e := range te.Errors {
				line, msg := splitYAMLLine(e)
				ps.add(path, line, "%s", msg)
			}
		} else {
			line := yamlErrLine(err)
			if line == 0 {
				line = lineOfQuotedValue(doc.Content[0], err.Error())
			}
			ps.add(path, line, "%s", yamlErrMsg(err))
		}
		return doc.Content[0], false
	}
	return doc.Content[0], true
}

// maxExpandedYAML bounds what a casefile YAML document (or an answer's front
// matter) may amount to once its aliases are expanded. The YAML decoder
// refuses the classic "billion laughs" on its own, but not a few thousand
// aliases of one long string, which every output would then print over and
// over.
const maxExpandedYAML = 4 * MaxYAMLSize

// expandedSize estimates the bytes of n with every alias replaced by what it
// names, stopping early once past maxExpandedYAML. An alias to a node that
// contains it counts as too large.
func expandedSize(n *yaml.Node, memo map[*yaml.Node]int64) int64 {
	if v, ok := memo[n]; ok {
		if v < 0 {
			return maxExpandedYAML + 1
		}
		return v
	}
	memo[n] = -1
	size := int64(len(n.Value)) + 1
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		size = expandedSize(n.Alias, memo)
	}
	for _, c := range n.Content {
		if size > maxExpandedYAML {
			break
		}
		size += expandedSize(c, memo)
	}
	size = min(size, maxExpandedYAML+1)
	memo[n] = size
	return size
}

// readLimited reads a casefile file through the guarded reader: a regular
// file of at most max bytes, inside root (links may not lead out of it, and
// hard-linked files are refused; root "" only for files named on the command
// line). The error is the reason alone, for a Problem that names the file.
func readLimited(root, path string, max int64) ([]byte, error) {
	var data []byte
	var err error
	if root == "" {
		data, err = safefile.ReadFile(path, max)
	} else {
		data, err = safefile.ReadFileIn(root, path, max)
	}
	if err != nil {
		if errors.Is(err, safefile.ErrTooLarge) {
			return nil, fmt.Errorf("file is larger than %d KiB: expected a short text file", max>>10)
		}
		return nil, errors.New(fileReason(err))
	}
	return data, nil
}

// fileReason is the guarded reader's reason without the path, which the
// Problem holding it names already.
func fileReason(err error) string {
	var se *safefile.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "file not found"
	case errors.As(err, &se):
		return se.Reason
	}
	return err.Error()
}

var yamlLineRE = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)

func splitYAMLLine(s string) (int, string) {
	if m := yamlLineRE.FindStringSubmatch(s); m != nil {
		var n int
		fmt.Sscanf(m[1], "%d", &n)
		return n, cleanYAMLMsg(m[2])
	}
	return 0, cleanYAMLMsg(s)
}

func yamlErrLine(err error) int { l, _ := splitYAMLLine(err.Error()); return l }
func yamlErrMsg(err error) string {
	_, m := splitYAMLLine(err.Error())
	return m
}

// cleanYAMLMsg turns the decoder's Go-type wording into the partner's terms.
func cleanYAMLMsg(s string) string {
	s = strings.TrimPrefix(s, "yaml: ")
	if f, t, ok := strings.Cut(s, " not found in type "); ok && strings.HasPrefix(f, "field ") {
		return fmt.Sprintf("unknown setting %q in %s (check its spelling)", strings.TrimPrefix(f, "field "), friendlyType(t))
	}
	if strings.Contains(s, "cannot unmarshal") {
		s = strings.ReplaceAll(s, "cannot unmarshal !!", "expected another kind of value, found !!")
		s = strings.ReplaceAll(s, " into []evidence.Waiver", ": waivers expects a list of waivers (- check: …, resource: …, reason: …, approver: …, expires: …)")
		s = strings.ReplaceAll(s, " into evidence.Waiver", ": expected a waiver (check:, resource:, reason:, approver:, expires:)")
	}
	return s
}

func friendlyType(t string) string {
	t = strings.TrimPrefix(t, "evidence.")
	names := map[string]string{"Casefile": "ecspack.yaml", "CaseStudy": "case.yaml", "Answer": "the answer's front matter", "Waiver": "a waiver of case.yaml"}
	if n, ok := names[t]; ok {
		return n
	}
	return t
}

// quotedRE finds the value our own decoders quote in their errors
// ("expected a date as YYYY-MM-DD, found \"2026-13-45\"").
var quotedRE = regexp.MustCompile(`found "((?:[^"\\]|\\.)*)"`)

// lineOfQuotedValue locates the scalar an UnmarshalText error complains
// about: the YAML decoder reports such errors without a position.
func lineOfQuotedValue(root *yaml.Node, msg string) int {
	m := quotedRE.FindStringSubmatch(msg)
	if m == nil {
		return 0
	}
	return yamlpos.ScalarLine(root, m[1])
}

// local reports whether a relative path stays inside its base directory.
func local(rel string) bool { return filepath.IsLocal(rel) }
