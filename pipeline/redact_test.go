package pipeline

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/redact"
)

const sampleDir = "../samples/harbor"

// Identifiers planted in the Contoso Health case study of a copy of the
// sample: in its case.yaml summary, an answer's Markdown and its snapshot.
const (
	plantAccount = "444455556666" // the case study's production account
	plantARN     = "arn:aws:iam::444455556666:role/planted-audit"
	plantPrivate = "10.42.7.19"
	plantPublic  = "52.17.200.9"
	plantCIDR    = "172.20.64.0/18"
	plantLegal   = "Contoso Health Ltd"
	plantWord    = "Contoso"
	plantTag     = "CC-7781-CLINICAL"
)

var planted = []string{plantAccount, plantARN, plantPrivate, plantPublic, plantCIDR, plantLegal, plantWord, plantTag}

// plantedCasefile copies the sample and plants identifiers; caseRedact adds
// redact: true to the Contoso case study's case.yaml.
func plantedCasefile(t *testing.T, caseRedact bool) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "casefile")
	if err := os.CopyFS(dir, os.DirFS(sampleDir)); err != nil {
		t.Fatal(err)
	}
	cs := filepath.Join(dir, "case-studies", "contoso-health")
	caseYAML := filepath.Join(cs, "case.yaml")
	y := readFile(t, caseYAML)
	const anchor = "Contoso Health runs 41 outpatient clinics"
	if !strings.Contains(y, anchor) {
		t.Fatalf("the sample's case.yaml changed: %q not found", anchor)
	}
	y = strings.Replace(y, anchor, plantLegal+" (hosts "+plantPrivate+" and "+plantPublic+", range "+plantCIDR+") runs 41 outpatient clinics", 1)
	if caseRedact {
		y += "\nredact: true\n"
	}
	writeFile(t, caseYAML, y)
	ans := filepath.Join(cs, "answers", "ECS-001.md")
	writeFile(t, ans, readFile(t, ans)+"\n\nAudit trail: role `"+plantARN+"` in account "+plantAccount+
		", bastion "+plantPrivate+", egress "+plantPublic+", peered range "+plantCIDR+", billed to "+plantTag+" of "+plantLegal+".\n")

	invPath := filepath.Join(cs, "inventory.json")
	snap, err := inventory.ReadFile(invPath)
	if err != nil {
		t.Fatal(err)
	}
	r := &snap.Accounts[0].Regions[0]
	if snap.Accounts[0].ID != plantAccount || len(r.Network.NATGateways) == 0 || len(r.ECS.Clusters) == 0 || len(r.ECS.Clusters[0].Services) == 0 {
		t.Fatalf("the sample's Contoso snapshot changed: account %s", snap.Accounts[0].ID)
	}
	r.Network.NATGateways[0].PublicIPs = []string{plantPublic}
	svcs := r.ECS.Clusters[0].Services
	for i := range svcs {
		if svcs[i].Tags == nil {
			svcs[i].Tags = map[string]string{}
		}
		svcs[i].Tags["CostCenter"] = plantTag
	}
	var buf bytes.Buffer
	if err := inventory.Encode(&buf, snap); err != nil {
		t.Fatal(err)
	}
	writeFile(t, invPath, buf.String())
	return dir
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func writeFile(t *testing.T, p, s string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func build(t *testing.T, dir, out string, opts Options) *Result {
	t.Helper()
	cf, cat, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	opts.OutDir = out
	opts.ToolVersion = "test"
	res, err := Build(context.Background(), cf, cat, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// hasTool skips the test when an external reader is missing, except in CI.
func hasTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed (make deps installs it)", name)
		}
		t.Skipf("%s is not installed", name)
	}
}

// packageTexts reads every file of a package as the text a reader could get
// out of it: a PDF's text (pdftotext, all pages) and its uncompressed objects
// (qpdf --qdf: metadata, outline, links) in ASCII and UTF-16; every cell of
// the XLSX (excelize) and every XML part of it; other files as they are.
func packageTexts(t *testing.T, out string) map[string]string {
	t.Helper()
	texts := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch filepath.Ext(p) {
		case ".pdf":
			txt, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext %s: %v", rel, err)
			}
			qdf, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", p, "-").Output()
			if err != nil {
				t.Fatalf("qpdf %s: %v", rel, err)
			}
			texts[rel+" (text)"] = string(txt)
			texts[rel+" (objects)"] = string(qdf) + "\n" + utf16Strings(qdf)
		case ".xlsx":
			texts[rel+" (cells)"] = xlsxCells(t, p)
			zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
			if err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
			var b strings.Builder
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(rc)
				rc.Close()
				b.Write(data)
				b.WriteByte('\n')
			}
			texts[rel+" (parts)"] = b.String()
		default:
			texts[rel] = string(raw)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return texts
}

// utf16Strings decodes the UTF-16BE strings (<FEFF…> hex and (\xfe\xff…)
// literals) fpdf writes for outline entries and metadata.
func utf16Strings(pdf []byte) string {
	var out strings.Builder
	s := string(pdf)
	for {
		i := strings.Index(s, "<FEFF")
		if i < 0 {
			i = strings.Index(s, "<feff")
		}
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		if b, err := hex.DecodeString(s[i+5 : i+j]); err == nil {
			out.WriteString(decodeUTF16(b) + "\n")
		}
		s = s[i+j:]
	}
	for _, part := range bytes.Split(pdf, []byte("\xfe\xff"))[1:] {
		end := bytes.IndexByte(part, ')')
		for end > 0 && part[end-1] == '\\' {
			next := bytes.IndexByte(part[end+1:], ')')
			if next < 0 {
				break
			}
			end += next + 1
		}
		if end > 0 {
			out.WriteString(decodeUTF16(bytes.ReplaceAll(part[:end], []byte("\\"), nil)) + "\n")
		}
	}
	return out.String()
}

func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}

func xlsxCells(t *testing.T, p string) string {
	t.Helper()
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatalf("excelize %s: %v", p, err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatalf("%s sheet %s: %v", p, sh, err)
		}
		for _, row := range rows {
			for _, c := range row {
				b.WriteString(c)
				b.WriteByte('\t')
			}
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func squash(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), "")
}

// found reports where value occurs (case-insensitively; in PDF text also
// across line breaks).
func found(texts map[string]string, value string) []string {
	var where []string
	v := strings.ToLower(value)
	for name, txt := range texts {
		if strings.Contains(strings.ToLower(txt), v) || (strings.HasSuffix(name, "(text)") && strings.Contains(squash(txt), squash(value))) {
			where = append(where, name)
		}
	}
	return where
}

func treeSums(t *testing.T, dir string) map[string]string { return readback.TreeSums(t, dir) }

func readMap(t *testing.T, p string) map[string]string {
	t.Helper()
	var m redact.MapFile
	if err := json.Unmarshal([]byte(readFile(t, p)), &m); err != nil {
		t.Fatalf("map file %s: %v", p, err)
	}
	out := map[string]string{}
	for _, pr := range m.Pairs {
		out[pr.Original] = pr.Pseudonym
	}
	return out
}

// TestRedactedPackageLeaksNothing is issue 9's proof: identifiers planted in
// a casefile, an answer and a snapshot appear in no file of a package built
// with redaction, read the way a reader would read each file, while their
// pseudonyms appear, the same in the PDF and the workbook.
func TestRedactedPackageLeaksNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample four times")
	}
	hasTool(t, "pdftotext")
	hasTool(t, "qpdf")
	dir := plantedCasefile(t, false)
	work := t.TempDir()

	// Without redaction the planted values are there: the check below can fail.
	plain := filepath.Join(work, "plain")
	build(t, dir, plain, Options{})
	plainTexts := packageTexts(t, plain)
	for _, v := range planted {
		if len(found(plainTexts, v)) == 0 {
			t.Errorf("unredacted package: planted %q appears nowhere, so its absence below proves nothing", v)
		}
	}
	for _, v := range []string{plantAccount, plantPrivate, plantLegal, plantTag} {
		if w := found(plainTexts, v); !slices.Contains(w, "submission.pdf (text)") {
			t.Errorf("unredacted package: %q not in the PDF text (found in %v)", v, w)
		}
	}

	out := filepath.Join(work, "public")
	res := build(t, dir, out, Options{Redact: true})
	texts := packageTexts(t, out)
	if len(texts) < 8 {
		t.Fatalf("only %d outputs read: %v", len(texts), res.Files)
	}
	for _, v := range planted {
		if w := found(texts, v); len(w) > 0 {
			t.Errorf("planted %q survived redaction in %v", v, w)
		}
	}
	// The sample's own customer names, contacts and accounts are gone too.
	for _, v := range []string{"Northwind", "Contoso", "Priya Raman", "111122223333", "777788889999"} {
		if w := found(texts, v); len(w) > 0 {
			t.Errorf("%q survived redaction in %v", v, w)
		}
	}

	mapPath := out + ".redaction-map.json"
	if _, err := os.Stat(filepath.Join(out, filepath.Base(mapPath))); err == nil {
		t.Error("the redaction map is inside the package")
	}
	m := readMap(t, mapPath)
	for _, v := range []string{plantAccount, plantPrivate, plantPublic, plantCIDR, plantLegal, plantTag} {
		if m[v] == "" {
			t.Errorf("the redaction map has no pseudonym for %q", v)
		}
	}
	for name, txt := range texts {
		if strings.Contains(txt, `"pairs"`) || strings.Contains(txt, "ecspack redaction map") {
			t.Errorf("%s contains the redaction map", name)
		}
	}
	acct := m[plantAccount]
	for _, where := range []string{"submission.pdf (text)", "self-assessment.xlsx (cells)", "assessment.json", "runbooks/customer-b-health.pdf (text)"} {
		if !strings.Contains(texts[where], acct) {
			t.Errorf("the account's pseudonym %s is not in %s", acct, where)
		}
	}
	for _, v := range []string{plantPrivate, plantCIDR} {
		if p := m[v]; !strings.Contains(squash(texts["submission.pdf (text)"]), squash(p)) || !strings.Contains(texts["self-assessment.xlsx (cells)"]+texts["submission.pdf (text)"], p[:4]) {
			t.Errorf("the pseudonym %s of %s is not in the PDF", p, v)
		}
	}
	// The customer becomes its public_name in prose, customer-b in identifiers.
	if !strings.Contains(squash(texts["submission.pdf (text)"]), squash("A US outpatient healthcare network")) || !strings.Contains(texts["self-assessment.xlsx (cells)"], "customer-b-health") {
		t.Error("the customer's pseudonym is missing from the PDF or the workbook")
	}
	// (Its diagram pages are split for paper, so look for any of them.)
	if !slices.ContainsFunc(res.Files, func(f string) bool {
		_, ok := texts[f]
		return ok && strings.HasPrefix(f, filepath.Join("diagrams", "customer-b-health")+"/") && strings.HasSuffix(f, ".svg")
	}) {
		t.Errorf("diagrams are not under the redacted case study id: %v", res.Files)
	}

	// Rebuilding (the map's key is reused) gives the same bytes.
	first := treeSums(t, out)
	firstMap := readFile(t, mapPath)
	build(t, dir, out, Options{Redact: true})
	if again := treeSums(t, out); !maps.Equal(first, again) {
		t.Errorf("rebuilding changed the package:\n%v\n%v", first, again)
	}
	if readFile(t, mapPath) != firstMap {
		t.Error("rebuilding changed the redaction map")
	}
	// A fresh build elsewhere (no map yet) derives the same key from the inputs.
	elsewhere := filepath.Join(work, "elsewhere")
	build(t, dir, elsewhere, Options{Redact: true})
	if !maps.Equal(first, treeSums(t, elsewhere)) {
		t.Error("a first build into another directory gave other bytes")
	}
}

// TestCaseStudyRedactYAML: redact: true in one case.yaml redacts that case
// study without --redact, and leaves the other one as it is.
func TestCaseStudyRedactYAML(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample")
	}
	hasTool(t, "pdftotext")
	hasTool(t, "qpdf")
	dir := plantedCasefile(t, true)
	out := filepath.Join(t.TempDir(), "out")
	build(t, dir, out, Options{})
	texts := packageTexts(t, out)
	for _, v := range planted {
		if w := found(texts, v); len(w) > 0 {
			t.Errorf("planted %q survived redact: true in %v", v, w)
		}
	}
	if w := found(texts, "Northwind Freight"); !slices.Contains(w, "submission.pdf (text)") {
		t.Errorf("the case study without redact: true lost its customer's name (found in %v)", w)
	}
	if _, err := os.Stat(out + ".redaction-map.json"); err != nil {
		t.Errorf("no redaction map: %v", err)
	}
}

func TestRedactionMapMustBeOutsideOutDir(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(out, "previous.txt"), "previous build")
	cf, cat, err := evidence.Load(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []string{filepath.Join(out, "map.json"), out, filepath.Join(out, "sub", "..", "map.json")} {
		_, err = Build(context.Background(), cf, cat, Options{OutDir: out, Redact: true, RedactionMap: m})
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), "inside the output directory") {
			t.Errorf("--redaction-map %s: got %v, want an input error", m, err)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 || readFile(t, filepath.Join(out, "previous.txt")) != "previous build" {
		t.Errorf("a refused build touched the output directory or left files: %v", entries)
	}
}

// TestCasefileRedactTerms: redact_terms in ecspack.yaml reach the redactor,
// so a customer acronym used in resource names does not survive.
func TestCasefileRedactTerms(t *testing.T) {
	cf, cat, err := evidence.Load("../samples/harbor")
	if err != nil {
		t.Fatal(err)
	}
	cf.RedactTerms = []string{"nwf"}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	if _, err := Build(context.Background(), cf, cat, Options{OutDir: out, Redact: true, RedactionMap: filepath.Join(dir, "map.json")}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(out, "assessment.json"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(data), []byte("nwf-prod")) {
		t.Error("the redact_terms acronym survives in assessment.json")
	}
}
