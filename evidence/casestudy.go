package evidence

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence/peerfind"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/yamlpos"
	"github.com/ecspack/ecspack/inventory"
)

var servicesPathStages = []string{"", "registered", "validated", "differentiated"}

func validateCasefile(cf *Casefile, cat *catalog.Catalog, root *yaml.Node, ps *problems) {
	f := cf.File
	if cf.Package.ID == "" {
		ps.add(f, yamlpos.Line(root, "package"), "package.id is missing: expected a short identifier printed on every page, e.g. ACME-ECS-2026-1")
	} else if strings.ContainsAny(cf.Package.ID, "/\\\n") {
		ps.add(f, yamlpos.Line(root, "package", "id"), "package.id %q: expected no slashes or line breaks", cf.Package.ID)
	}
	if cf.Package.Date.IsZero() {
		ps.add(f, yamlpos.Line(root, "package"), "package.date is missing: expected the package date as YYYY-MM-DD (every date in the outputs comes from it)")
	}
	if cf.Package.Designation == "" {
		cf.Package.Designation = "Amazon ECS Service Delivery"
	}
	if cf.Partner.Name == "" {
		ps.add(f, yamlpos.Line(root, "partner"), "partner.name is missing: expected the AWS Partner's name")
	}
	if !slices.Contains(servicesPathStages, cf.Partner.ServicesPathStage) {
		ps.add(f, yamlpos.Line(root, "partner", "services_path_stage"), "partner.services_path_stage %q: expected one of registered, validated, differentiated", cf.Partner.ServicesPathStage)
	}
	for i, c := range cf.Partner.Contacts {
		if c.Name == "" {
			ps.add(f, yamlpos.Line(root, "partner", "contacts"), "partner.contacts[%d]: expected a name", i)
		}
	}
	validateContacts(f, yamlpos.Value(root, "partner"), "contacts", "partner.contacts", cf.Partner.Contacts, ps)
	if len(cf.Tagging.Required) == 0 {
		cf.Tagging.Required = DefaultRequiredTags()
	} else {
		cf.Tagging.Declared = true
	}
	if len(cf.CaseStudyDirs) == 0 {
		ps.add(f, yamlpos.Line(root, "case_studies"), "case_studies is empty: expected the directories of (at least two) case studies")
	}
	validateSOPs(cf, cat, root, ps)
	if cf.Prices != "" && !local(cf.Prices) {
		ps.add(f, yamlpos.Line(root, "prices"), "prices %q: expected a file inside the casefile", cf.Prices)
	} else if cf.Prices != "" {
		// The size is the cost package's to bound when it reads the table.
		if err := safefile.CheckIn(cf.Dir, filepath.Join(cf.Dir, cf.Prices), -1); err != nil {
			ps.add(f, yamlpos.Line(root, "prices"), "prices %q: %s", cf.Prices, fileReason(err))
		}
	}
}

func loadCaseStudy(dir string, cat *catalog.Catalog, cf *Casefile, opts LoadOptions, ps *problems, listedAt int) *CaseStudy {
	cs := &CaseStudy{Dir: dir, File: filepath.Join(dir, CaseFileName)}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		ps.add(cf.File, listedAt, "case study directory %s does not exist", dir)
		return nil
	}
	root, ok := readYAML(cf.Dir, cs.File, cs, ps)
	if !ok {
		return nil
	}
	cs.Placeholders = scanPlaceholders(cs.File, root)
	checkCaseStudyFields(cs, root, ps)
	validateWaivers(cs, root, cat, opts.Checks, ps)
	cs.Inventory = loadInventories(cs, cf, root, ps)
	validateArchitecture(cs, root, ps)
	loadCaseStudyAnswers(cs, cat, cf, ps)
	loadPeerFindings(cs, cf, ps)
	return cs
}

// MaxPeerFindingsFile bounds one findings/<source>.json file.
const MaxPeerFindingsFile = 64 << 20

// loadPeerFindings reads the findings files import-findings wrote into the
// case study (findings/securityhub.json, findings/prowler.json), when any.
func loadPeerFindings(cs *CaseStudy, cf *Casefile, ps *problems) {
	for _, src := range []string{peerfind.SecurityHub, peerfind.Prowler} {
		path := filepath.Join(cs.Dir, peerfind.FileName(src))
		if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		data, err := readLimited(cf.Dir, path, MaxPeerFindingsFile)
		if err != nil {
			ps.add(path, 0, "%v", err)
			continue
		}
		f, err := peerfind.Unmarshal(path, data)
		if err != nil {
			// The error reads "path:line: problem"; the Problem names both.
			line, msg := 0, strings.TrimPrefix(err.Error(), path+":")
			if n, rest, ok := strings.Cut(msg, ": "); ok {
				if _, serr := fmt.Sscan(n, &line); serr == nil {
					msg = rest
				}
			}
			ps.add(path, line, "%s", msg)
			continue
		}
		cs.PeerFindings = append(cs.PeerFindings, f.Findings...)
	}
	peerfind.Sort(cs.PeerFindings)
}

// checkCaseStudyFields checks case-study.yaml's own fields, filling the
// defaults (id from the folder, legal entity from the name, production stage).
func checkCaseStudyFields(cs *CaseStudy, root *yaml.Node, ps *problems) {
	f := cs.File
	if cs.ID == "" {
		cs.ID = filepath.Base(cs.Dir)
	}
	if !validID(cs.ID) {
		ps.add(f, yamlpos.Line(root, "id"), "id %q: expected letters, digits, '-' or '_' (it names output files)", cs.ID)
	}
	if cs.Title == "" {
		ps.add(f, yamlpos.Line(root, "title"), "title is missing: expected a one-line title of the project")
	}
	if cs.Customer.Name == "" {
		ps.add(f, yamlpos.Line(root, "customer"), "customer.name is missing: expected the customer's name (it can be anonymised in outputs with redact: true)")
	}
	if cs.Customer.LegalEntity == "" {
		cs.Customer.LegalEntity = cs.Customer.Name
	}
	if cs.Stage == "" {
		cs.Stage = "production"
	}
	if !slices.Contains([]string{"production", "pilot", "poc"}, cs.Stage) {
		ps.add(f, yamlpos.Line(root, "stage"), "stage %q: expected production, pilot or poc", cs.Stage)
	}
	if cs.ProductionDate.IsZero() {
		ps.add(f, yamlpos.Line(root, "production_date"), "production_date is missing: expected the date the deployment went into production, YYYY-MM-DD")
	}
	if cs.PublicReference != "" {
		if u, err := url.Parse(cs.PublicReference); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			ps.add(f, yamlpos.Line(root, "public_reference"), "public_reference %q: expected an http(s) URL", cs.PublicReference)
		}
	}
	for i, a := range cs.Accounts {
		if len(a.ID) != 12 || strings.Trim(a.ID, "0123456789") != "" {
			ps.add(f, yamlpos.ItemLine(root, "accounts", i), "accounts[%d].id %q: expected a 12-digit AWS account id (quote it so YAML keeps leading zeros)", i, a.ID)
		}
	}
	if cs.WAFR != nil {
		if cs.WAFR.Report == "" {
			ps.add(f, yamlpos.Line(root, "wafr"), "wafr.report is missing: expected the exported WAFR report file")
		} else {
			checkAttachment(cs.Dir, cs.WAFR.Report, f, yamlpos.Line(root, "wafr", "report"), ps)
		}
		h := cs.WAFR.HighRisks
		if h.Security < 0 || h.Reliability < 0 || h.OperationalExcellence < 0 {
			ps.add(f, yamlpos.Line(root, "wafr", "high_risks"), "wafr.high_risks: expected counts of zero or more")
		}
	}
	if cs.AWSCLIOutputs != "" {
		checkFolder(cs.Dir, cs.AWSCLIOutputs, f, yamlpos.Line(root, "aws_cli_outputs"), ps)
	}
	for i, t := range cs.Tenants {
		if t.Name == "" {
			ps.add(f, yamlpos.ItemLine(root, "tenants", i), "tenants[%d]: expected a name", i)
		}
		if t.Isolation != "" && t.Isolation != "soft" && t.Isolation != "hard" {
			ps.add(f, yamlpos.ItemLine(root, "tenants", i), "tenants[%d].isolation %q: expected soft or hard", i, t.Isolation)
		}
	}
	validateContacts(f, root, "contacts", "contacts", cs.Contacts, ps)
	lines := yamlpos.At(root, "cost")
	for i, l := range cs.Cost.Lines {
		if l.Name == "" || l.MonthlyUSD < 0 {
			ps.add(f, yamlpos.ItemLine(lines, "lines", i), "cost.lines[%d]: expected a name and a monthly_usd of zero or more", i)
		}
		switch l.Kind {
		case "", CostKindAWS, CostKindPartnerFee, CostKindThirdParty:
		default:
			ps.add(f, yamlpos.ItemLine(lines, "lines", i), "cost.lines[%d].kind %q: expected %s, %s or %s", i, l.Kind, CostKindAWS, CostKindPartnerFee, CostKindThirdParty)
		}
	}
	if cs.Cost.ActualUSD < 0 {
		ps.add(f, yamlpos.Line(root, "cost", "actual_usd"), "cost.actual_usd %v: expected the actual monthly AWS cost, zero or more", cs.Cost.ActualUSD)
	}
	if cs.Cost.ActualUSD > 0 && strings.TrimSpace(cs.Cost.ActualPeriod) == "" {
		ps.add(f, yamlpos.Line(root, "cost", "actual_usd"), "cost.actual_usd is set without cost.actual_period: expected the period it averages, e.g. \"March–September 2025\"")
	}
}

// loadInventories reads the case study's inventory snapshots and merges them;
// it returns nil when none could be read.
func loadInventories(cs *CaseStudy, cf *Casefile, root *yaml.Node, ps *problems) *inventory.Snapshot {
	f, dir := cs.File, cs.Dir
	if len(cs.InventoryFiles) == 0 {
		ps.add(f, yamlpos.Line(root, "inventory"), "inventory is missing: expected one or more snapshot files (from `ecspack discover` or `ecspack import`)")
	}
	var snaps []*inventory.Snapshot
	for i, rel := range cs.InventoryFiles {
		line := yamlpos.ItemLine(root, "inventory", i)
		if !local(rel) {
			ps.add(f, line, "inventory %q: expected a file inside the case study directory", rel)
			continue
		}
		if !safefile.Inside(cf.Dir, filepath.Join(dir, rel)) {
			ps.add(f, line, "inventory %q is a symbolic link to a file outside the casefile: expected a file inside it", rel)
			continue
		}
		if cf.services > inventory.MaxServices {
			continue // already refused; reading more would only cost memory
		}
		s, err := inventory.ReadFileIn(cf.Dir, filepath.Join(dir, rel))
		if err != nil {
			var de *inventory.DecodeError
			if errors.As(err, &de) {
				ps.add(de.File, de.Line, "%s", de.Msg)
			} else if errors.Is(err, os.ErrNotExist) {
				ps.add(f, line, "inventory file %s does not exist: create it with `ecspack discover -o %s` in the customer's account, or `ecspack import`", rel, filepath.Join(dir, rel))
				ps.list[len(ps.list)-1].MissingInventory = filepath.Join(dir, rel)
			} else {
				ps.add(f, line, "%v", err)
			}
			continue
		}
		if cf.services += s.ServiceCount(); cf.services > inventory.MaxServices {
			ps.add(f, line, "inventory %s brings this build's snapshots to %d ECS services: expected at most %d in one build (a build holds every case study's estate in memory, about 0.6 MB per service; choose case studies, or snapshots of the accounts or regions the case study is about)", rel, cf.services, inventory.MaxServices)
			continue
		}
		snaps = append(snaps, s)
	}
	if len(snaps) > 0 {
		merged, err := Merge(snaps)
		if err != nil {
			ps.add(f, yamlpos.Line(root, "inventory"), "%v", err)
		}
		return merged
	}
	return nil
}

// loadCaseStudyAnswers reads the case study's answers to ECS and common
// controls and checks their attachments and images.
func loadCaseStudyAnswers(cs *CaseStudy, cat *catalog.Catalog, cf *Casefile, ps *problems) {
	dir := cs.Dir
	cs.Answers = loadAnswers(cf.Dir, filepath.Join(dir, "answers"), cat, ps, func(c catalog.Control) bool {
		return c.Scope == catalog.ScopeEveryCaseStudy || c.Scope == catalog.ScopeOneCaseStudy
	}, "a case study holds answers to ECS and common controls (and 2.2)", droppedFor(cf))
	for id, a := range cs.Answers {
		for _, att := range a.Attachments {
			checkAttachment(dir, att, a.File, a.attachmentLine(att), ps)
		}
		checkImages(dir, "case study", a, cs.Redact || cf.Redact, ps)
		if c, ok := cat.Control(id); ok && a.NotApplicable != "" && c.Condition == catalog.ConditionNone {
			ps.add(a.File, 1, "not_applicable is only accepted for conditional controls; %s applies to every case study", id)
		}
	}
}

// droppedFor is where answers to vanished controls go: only when the edition
// comes from a file, since with a built-in edition an unknown id is a typo.
func droppedFor(cf *Casefile) *[]Problem {
	if cf.ChecklistSource == "" {
		return nil
	}
	return &cf.Dropped
}

func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// checkFolder holds a folder the case study names (aws_cli_outputs) to
// the rules of attachments: inside the case study directory, reached
// without symbolic links, and a directory.
func checkFolder(base, rel, file string, line int, ps *problems) {
	if filepath.IsAbs(rel) || !local(rel) {
		ps.add(file, line, "aws_cli_outputs %q: expected a folder inside the case study directory (no absolute paths or '..')", rel)
		return
	}
	p := base
	for _, part := range strings.Split(filepath.Clean(rel), string(filepath.Separator)) {
		p = filepath.Join(p, part)
		st, err := os.Lstat(p)
		switch {
		case err != nil:
			ps.add(file, line, "aws_cli_outputs %s does not exist: expected the folder collect-script wrote", rel)
			return
		case st.Mode()&os.ModeSymlink != 0:
			ps.add(file, line, "aws_cli_outputs %s: %s is a symbolic link: expected a folder inside the case study directory", rel, p)
			return
		case p == filepath.Join(base, filepath.Clean(rel)) && !st.IsDir():
			ps.add(file, line, "aws_cli_outputs %s is not a folder: expected the folder collect-script wrote", rel)
			return
		}
	}
}

func checkAttachment(base, rel, file string, line int, ps *problems) {
	if rel == "" || filepath.IsAbs(rel) || !local(rel) {
		ps.add(file, line, "attachment %q: expected a file inside the case study directory (no absolute paths or '..')", rel)
		return
	}
	// Lstat every component: a symbolic link anywhere on the way (a linked
	// directory as much as a linked file) could lead out of the casefile.
	p := base
	var st os.FileInfo
	for _, part := range strings.Split(filepath.Clean(rel), string(filepath.Separator)) {
		p = filepath.Join(p, part)
		var err error
		if st, err = os.Lstat(p); err != nil {
			ps.add(file, line, "attachment %s does not exist", rel)
			return
		}
		if st.Mode()&os.ModeSymlink != 0 {
			ps.add(file, line, "attachment %s: %s is a symbolic link: expected a regular file inside the case study directory", rel, p)
			return
		}
	}
	if !st.Mode().IsRegular() {
		ps.add(file, line, "attachment %s is not a regular file", rel)
		return
	}
	// Attachments are only checksummed into the manifest, but that reads
	// them: bound their size (by fstat, before anything reads them) and
	// refuse hard links, which may be other names of a file outside.
	if err := safefile.CheckIn(base, p, MaxAttachmentSize); err != nil {
		ps.add(file, line, "attachment %s %s", rel, fileReason(err))
	}
}

// loadAnswers reads answers/<ID>.md files. Files whose name is not a control
// id of the catalog, or a control that does not belong at this level, are errors.
//
// dropped, when not nil, collects answers to controls of a built-in edition
// that cat (a newer edition) no longer has, instead of failing on them.
func loadAnswers(root, dir string, cat *catalog.Catalog, ps *problems, belongs func(catalog.Control) bool, where string, dropped *[]Problem) map[string]*Answer {
	out := map[string]*Answer{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			ps.add(dir, 0, "%v", err)
		}
		return out
	}
	for _, e := range entries {
		name := e.Name()
		path := filepath.Join(dir, name)
		if e.IsDir() && strings.HasSuffix(name, ".md") && !strings.HasPrefix(name, ".") {
			// A folder named like an answer would otherwise be skipped
			// and the answer silently go missing from the package.
			ps.add(path, 0, "is a directory: expected a regular file (the answer in Markdown)")
			continue
		}
		if e.IsDir() || strings.HasPrefix(name, ".") {
			continue
		}
		id, ok := strings.CutSuffix(name, ".md")
		if !ok {
			ps.add(path, 0, "unexpected file in answers/: expected <CONTROL-ID>.md, e.g. ECS-004.md")
			continue
		}
		c, ok := cat.Control(id)
		if !ok && dropped != nil && catalog.Known(id) {
			// A control of an earlier edition the one in use no longer has.
			*dropped = append(*dropped, Problem{File: path, Line: 1, Msg: fmt.Sprintf("answers %s, which checklist %s no longer has: left out of the package", id, cat.Version)})
			continue
		}
		if !ok {
			ps.add(path, 1, "%q is not a control of checklist %s: expected one of %s", id, cat.Version, strings.Join(cat.IDs(), ", "))
			continue
		}
		if !belongs(c) {
			ps.add(path, 1, "%s is answered in the wrong place: %s", id, where)
			continue
		}
		if !safefile.Inside(root, path) {
			ps.add(path, 0, "the answer is a symbolic link to a file outside the casefile: expected a file inside it")
			continue
		}
		a, err := parseAnswerIn(root, path, id)
		if err != nil {
			var pe Problem
			if errors.As(err, &pe) {
				ps.list = append(ps.list, pe)
			} else {
				ps.add(path, 0, "%v", err)
			}
			continue
		}
		checkCovers(a, c, ps)
		out[id] = a
	}
	return out
}

// Error lets a single Problem be returned as an error.
func (p Problem) Error() string { return p.String() }

// ParseAnswer reads an answer file: optional YAML front matter between "---"
// lines, then Markdown.
func ParseAnswer(path, id string) (*Answer, error) {
	return parseAnswerIn("", path, id)
}

// parseAnswerIn is ParseAnswer for a file that must stay inside root.
func parseAnswerIn(root, path, id string) (*Answer, error) {
	data, err := readLimited(root, path, MaxAnswerSize)
	if err != nil {
		return nil, Problem{File: path, Msg: err.Error()}
	}
	return parseAnswerBytes(path, id, data)
}

func parseAnswerBytes(path, id string, data []byte) (*Answer, error) {
	a := &Answer{ControlID: id, File: path, BodyLine: 1}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	body := data
	if bytes.HasPrefix(data, []byte("---\n")) || bytes.HasPrefix(data, []byte("---\r\n")) {
		rest := data[bytes.IndexByte(data, '\n')+1:]
		end, after := findFrontMatterEnd(rest)
		if end < 0 {
			return nil, Problem{File: path, Line: 1, Msg: "front matter opened with --- is never closed: expected a line with --- after the settings"}
		}
		fm := rest[:end]
		var n yaml.Node
		if yaml.Unmarshal(fm, &n) == nil && expandedSize(&n, map[*yaml.Node]int64{}) > maxExpandedYAML {
			return nil, Problem{File: path, Line: 1, Msg: fmt.Sprintf("front matter: YAML aliases (*name) expand it to more than %d KiB: write values out instead of repeating aliases", maxExpandedYAML>>10)}
		}
		dec := yaml.NewDecoder(bytes.NewReader(fm))
		dec.KnownFields(true)
		if err := dec.Decode(a); err != nil && !errors.Is(err, io.EOF) {
			line, msg := splitYAMLLine(err.Error())
			var te *yaml.TypeError
			if errors.As(err, &te) && len(te.Errors) > 0 {
				line, msg = splitYAMLLine(te.Errors[0])
			}
			if line > 0 {
				line++ // the opening --- line
			}
			return nil, Problem{File: path, Line: line, Msg: "front matter: " + msg}
		}
		a.attachmentLines = yamlpos.ItemLines(yamlpos.Root(&n), "attachments", 1)
		a.coverLines = coverKeyLines(yamlpos.Root(&n), 1)
		body = rest[after:]
		a.BodyLine = 2 + bytes.Count(rest[:after], []byte{'\n'})
	}
	a.Body = body
	return a, nil
}

// findFrontMatterEnd finds the closing "---" line; it returns the offset where
// the front matter ends and where the body starts.
func findFrontMatterEnd(b []byte) (end, after int) {
	off := 0
	for off <= len(b) {
		nl := bytes.IndexByte(b[off:], '\n')
		line := b[off:]
		next := len(b)
		if nl >= 0 {
			line = b[off : off+nl]
			next = off + nl + 1
		}
		if strings.TrimRight(string(line), "\r") == "---" {
			return off, next
		}
		if nl < 0 {
			break
		}
		off = next
	}
	return -1, -1
}

// checkDistinct enforces prerequisite 2.1's rule at input level: two case
// studies cannot share an id. Distinct customers are judged by the assessment,
// which reports it as a finding rather than refusing to build.
func checkDistinct(cf *Casefile, ps *problems) {
	seen := map[string]string{}
	for _, cs := range cf.CaseStudies {
		if prev, ok := seen[cs.ID]; ok {
			ps.add(cs.File, 1, "case study id %q is also used by %s: expected unique ids", cs.ID, prev)
		}
		seen[cs.ID] = cs.File
	}
}

// Merge combines several snapshots of one case study (one per account or
// region, typically) into one. An account present in two snapshots is an error
// unless their regions are disjoint, in which case the regions are combined.
func Merge(snaps []*inventory.Snapshot) (*inventory.Snapshot, error) {
	if len(snaps) == 1 {
		return snaps[0], nil
	}
	out := &inventory.Snapshot{SchemaVersion: inventory.SchemaVersion, Collection: snaps[0].Collection}
	out.Collection.Calls = nil
	out.Collection.Errors = nil
	byID := map[string]int{}
	calls := map[[2]string]int{}
	for _, s := range snaps {
		if s.Collection.StartedAt.Before(out.Collection.StartedAt) {
			out.Collection.StartedAt = s.Collection.StartedAt
		}
		if s.Collection.FinishedAt.After(out.Collection.FinishedAt) {
			out.Collection.FinishedAt = s.Collection.FinishedAt
		}
		for _, c := range s.Collection.Calls {
			calls[[2]string{c.Service, c.Operation}] += c.Count
		}
		out.Collection.Errors = append(out.Collection.Errors, s.Collection.Errors...)
		for _, a := range s.Accounts {
			i, ok := byID[a.ID]
			if !ok {
				byID[a.ID] = len(out.Accounts)
				out.Accounts = append(out.Accounts, a)
				continue
			}
			dst := &out.Accounts[i]
			for _, r := range a.Regions {
				if slices.ContainsFunc(dst.Regions, func(x inventory.Region) bool { return x.Name == r.Name }) {
					return nil, fmt.Errorf("account %s region %s appears in two inventory files: expected each account-region once", a.ID, r.Name)
				}
				dst.Regions = append(dst.Regions, r)
			}
			dst.IAM.Roles = append(dst.IAM.Roles, a.IAM.Roles...)
			if dst.IAM.Summary == nil {
				dst.IAM.Summary = a.IAM.Summary
			}
		}
	}
	for k, n := range calls {
		out.Collection.Calls = append(out.Collection.Calls, inventory.CallCount{Service: k[0], Operation: k[1], Count: n})
	}
	out.Normalize()
	return out, nil
}
