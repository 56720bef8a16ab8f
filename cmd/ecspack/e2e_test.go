package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/internal/testkit/readback"
)

const sampleDir = "../../samples/harbor"

// needTool returns the path of an external reader, skipping the test when it
// is missing — except under CI, where a missing reader is a failure.
func needTool(t *testing.T, names ...string) string { return readback.NeedTool(t, names...) }

// toolOutput runs a reader and returns its output.
func toolOutput(t *testing.T, name string, args ...string) string {
	return readback.Run(t, name, args...)
}

// hashTree returns the SHA-256 of every file under dir, by relative path.
func hashTree(t *testing.T, dir string) map[string]string { return readback.TreeSums(t, dir) }

// TestBuildSample is the foundation's end-to-end test: the bundled sample
// builds into a package whose PDF and XLSX, read back by independent readers,
// carry every control of the checklist, and a second build is byte-identical.
func TestBuildSample(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end build")
	}
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	ids := cat.IDs()
	if len(ids) != 39 {
		t.Fatalf("catalog has %d controls, want 39", len(ids))
	}
	tmp := t.TempDir()
	out1, out2 := filepath.Join(tmp, "out1"), filepath.Join(tmp, "out2")
	for _, out := range []string{out1, out2} {
		code, _, errOut := runCLI(t, "build", sampleDir, "-o", out, "--quiet")
		if code != 0 {
			t.Fatalf("build: exit %d\n%s", code, errOut)
		}
	}
	s1, s2 := hashTree(t, out1), hashTree(t, out2)
	for _, want := range []string{"submission.pdf", "self-assessment.xlsx", "manifest.json",
		"runbooks/northwind-freight.pdf", "runbooks/contoso-health.pdf"} {
		if s1[want] == "" {
			t.Errorf("package lacks %s", want)
		}
	}
	if len(s1) != len(s2) {
		t.Errorf("rebuild wrote %d files, first build %d", len(s2), len(s1))
	}
	for p, h := range s1 {
		if s2[p] != h {
			t.Errorf("%s differs between two builds of the same inputs", p)
		}
	}

	assertManifestSums(t, out1, s1)

	t.Run("pdf", func(t *testing.T) { checkSamplePDF(t, out1, ids) })

	t.Run("xlsx", func(t *testing.T) { checkSampleXLSX(t, out1, ids) })

	// The sample is ready, so nothing it prints may be a placeholder or a
	// draft mark (issue 12): every page of every PDF is read back.
	t.Run("ready means complete", func(t *testing.T) {
		needTool(t, "pdftotext")
		for _, name := range []string{"submission.pdf", "runbooks/northwind-freight.pdf", "runbooks/contoso-health.pdf"} {
			for i, page := range readback.Pages(t, filepath.Join(out1, name)) {
				if hs := placeholder.FindPlain(readback.Squash(page)); len(hs) > 0 {
					t.Errorf("%s page %d shows placeholder %q", name, i+1, hs[0].Excerpt)
				}
				if strings.Contains(page, "DRAFT") {
					t.Errorf("%s page %d carries a draft mark although the sample is ready", name, i+1)
				}
			}
		}
	})
}

// assertManifestSums: the manifest's sums match the files, and it lists every
// output but itself and the inputs.
func assertManifestSums(t *testing.T, out string, sums map[string]string) {
	t.Helper()
	var man struct {
		Outputs []struct{ Path, SHA256 string }
		Inputs  []struct{ Path, SHA256 string }
	}
	data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &man); err != nil {
		t.Fatal(err)
	}
	for _, o := range man.Outputs {
		if sums[filepath.FromSlash(o.Path)] != o.SHA256 {
			t.Errorf("manifest sum of %s does not match the file", o.Path)
		}
	}
	if len(man.Outputs) != len(sums)-1 || len(man.Inputs) < 70 {
		t.Errorf("manifest lists %d outputs (package has %d files besides it) and %d inputs", len(man.Outputs), len(sums)-1, len(man.Inputs))
	}
}

// checkSamplePDF: submission.pdf passes qpdf, has a plausible page count, and
// its text names every control, both customers and the CLI commands asked for.
func checkSamplePDF(t *testing.T, out1 string, ids []string) {
	pdf := filepath.Join(out1, "submission.pdf")
	needTool(t, "pdftotext")
	needTool(t, "qpdf")
	toolOutput(t, "qpdf", "--check", pdf)
	info := toolOutput(t, "pdfinfo", pdf)
	if m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info); m == nil || len(m[1]) < 2 {
		t.Errorf("pdfinfo: implausible page count:\n%s", info)
	}
	text := toolOutput(t, "pdftotext", "-layout", pdf, "-")
	for _, id := range ids {
		if !regexp.MustCompile(`(^|[^\w.-])` + regexp.QuoteMeta(id) + `([^\w-]|$)`).MatchString(text) {
			t.Errorf("control %s not in the PDF text", id)
		}
	}
	for _, want := range []string{"Northwind Freight", "Contoso Health", "aws ecs list-tasks", "aws ecs describe-capacity-providers", "aws ec2 describe-spot-fleet-requests"} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

// openWorkbook opens an XLSX file with excelize, closed when t ends.
func openWorkbook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheetText is a sheet's rows, their cells joined by sep, one a line.
func sheetText(t *testing.T, f *excelize.File, sheet, sep string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, sep) + "\n")
	}
	return b.String()
}

// checkSampleXLSX: the workbook, read by excelize and by LibreOffice, lists
// every control and has the case-study, Findings and Inventory sheets.
func checkSampleXLSX(t *testing.T, out1 string, ids []string) {
	path := filepath.Join(out1, "self-assessment.xlsx")
	f := openWorkbook(t, path)
	all := sheetText(t, f, "Summary", "\t")
	for _, id := range ids {
		if !strings.Contains(all, id+"\t") {
			t.Errorf("Summary sheet lacks control %s", id)
		}
	}
	for _, sheet := range []string{"northwind-freight", "contoso-health", "Findings", "Inventory"} {
		if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
			t.Errorf("workbook lacks sheet %s (has %v)", sheet, f.GetSheetList())
		}
	}

	soffice := needTool(t, "soffice", "libreoffice")
	conv := t.TempDir()
	cmd := readback.Command(t, soffice, "-env:UserInstallation=file://"+filepath.Join(conv, "profile"), "--headless",
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", conv, path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice could not open the workbook: %v\n%s", err, out)
	}
	csv, err := os.ReadFile(filepath.Join(conv, "self-assessment.csv"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no CSV: %v", err)
	}
	for _, id := range ids {
		if !bytes.Contains(csv, []byte(id)) {
			t.Errorf("LibreOffice's reading of the Summary sheet lacks %s", id)
		}
	}
}

// TestCheckSampleIsReady pins the sample's verdict: it is the example a
// partner copies, so it must be ready, and `check` must say so with exit 0.
func TestCheckSampleIsReady(t *testing.T) {
	code, out, errOut := runCLI(t, "check", sampleDir)
	if code != 0 {
		t.Fatalf("check of the sample: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "READY") {
		t.Errorf("no verdict in:\n%s", out)
	}
}
