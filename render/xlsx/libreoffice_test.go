package xlsx

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// csvFilter is LibreOffice's CSV export filter: comma-separated, '"' quoted,
// UTF-8 (76), raw cell values rather than as shown, every sheet to its own
// file (-1) named <base>-<sheet>.csv.
const csvFilter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// findOffice returns the LibreOffice binary, skipping the test when there is
// none, unless CI=true, where a missing LibreOffice is a failure.
func findOffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("LibreOffice (soffice or libreoffice) is not installed; CI must have it (Debian: apt-get install libreoffice-calc)")
	}
	t.Skip("LibreOffice (soffice or libreoffice) not found in PATH: skipping the LibreOffice round trip (Debian: apt-get install libreoffice-calc)")
	return ""
}

// recalcProfile is the registry of a throwaway LibreOffice profile that
// recalculates every formula of an OOXML file on load. By default
// LibreOffice shows the cached values, which would make the comparison
// below check excelize against itself.
const recalcProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`

// convertCSV converts each file to one CSV per sheet in out, with a fresh
// profile that recalculates formulas on load.
func convertCSV(t *testing.T, office, dir, out string, files ...string) {
	t.Helper()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(recalcProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-env:UserInstallation=file://" + filepath.ToSlash(profile),
		"--headless", "--norestore", "--convert-to", csvFilter, "--outdir", out}
	// LibreOffice starts children of its own: readback.Command kills the
	// whole process group when the test ends, with no wall-clock cap.
	cmd := readback.Command(t, office, append(args, files...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice conversion failed: %v\n%s", err, msg)
	}
}

// readCSV reads a CSV LibreOffice wrote.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", filepath.Base(path), err)
	}
	r := csv.NewReader(strings.NewReader(string(raw)))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("parse LibreOffice CSV %s: %v", filepath.Base(path), err)
	}
	return rows
}

// TestLibreOfficeReadsTheSameValues converts the workbook with LibreOffice
// headless, one CSV per sheet, and compares every value with what excelize
// reads. LibreOffice recalculates the formulas (see recalcProfile), so this
// also checks the cached values of the count, cost and link formulas, and
// that a changed cost assumption moves LibreOffice's totals.
func TestLibreOfficeReadsTheSameValues(t *testing.T) {
	office := findOffice(t)
	dir := t.TempDir()
	in := fixture(t)
	data := write(t, in)
	src := filepath.Join(dir, "package.xlsx")
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	// Copies with one assumption changed each: hours per month halved, and
	// a smaller Spot discount.
	f := open(t, data)
	rows := costRows(t, f)
	changes := []struct {
		file, key string
		value     float64
		// alpha and beta are the case totals LibreOffice must compute.
		alpha, beta float64
	}{
		// 18.02 + 5.41 + 500; 9.20 + 5.84 + 13.50 + 70.08 (see cost_test.go).
		{"hours", "hours_per_month", 365, 523.43, 98.62},
		// 36.04 + 18.02 + 500; beta has no Spot line.
		{"spot", "fargate_spot_discount", 0.5, 554.06, betaTotal},
	}
	files := []string{src}
	for _, c := range changes {
		changed, err := excelize.OpenReader(strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		if err := changed.SetCellValue(CostSheetName, cellName(asValue, rowWith(t, rows, asKey, c.key)), c.value); err != nil {
			t.Fatal(err)
		}
		mod := filepath.Join(dir, c.file+".xlsx")
		if err := changed.SaveAs(mod); err != nil {
			t.Fatal(err)
		}
		_ = changed.Close()
		files = append(files, mod)
	}
	out := filepath.Join(dir, "csv")
	convertCSV(t, office, dir, out, files...)

	for _, c := range changes {
		t.Run("changed "+c.key, func(t *testing.T) {
			rows := readCSV(t, filepath.Join(out, c.file+"-"+CostSheetName+".csv"))
			want := map[string]float64{"AWS total alpha": c.alpha, "AWS total beta-with-a-rather-long-case-identifier": c.beta, "AWS grand total": c.alpha + c.beta}
			seen := 0
			for _, r := range rows {
				w, ok := want[r[0]]
				if !ok {
					continue
				}
				seen++
				if len(r) < costMonthly {
					t.Errorf("LibreOffice %s row %q has no total", r[0], r)
					continue
				}
				if got, err := strconv.ParseFloat(r[costMonthly-1], 64); err != nil || !nearly(got, w) {
					t.Errorf("LibreOffice %s = %q, want %v", r[0], r[costMonthly-1], w)
				}
			}
			if seen != len(want) {
				t.Errorf("totals rows found %d, want %d: %q", seen, len(want), rows)
			}
		})
	}
	for _, sh := range f.GetSheetList() {
		t.Run(sh, func(t *testing.T) {
			lo := readCSV(t, filepath.Join(out, "package-"+sh+".csv"))
			ex, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			lo, ex = trimGrid(lo), trimGrid(ex)
			if len(lo) != len(ex) {
				t.Fatalf("LibreOffice sees %d rows, excelize %d", len(lo), len(ex))
			}
			diffs := 0
			for i := range ex {
				if !sameCells(lo[i], ex[i]) && diffs < 5 {
					diffs++
					t.Errorf("row %d differs:\nLibreOffice %q\nexcelize    %q", i+1, clip(lo[i]), clip(ex[i]))
				}
			}
		})
	}
}

// longCell is the length beyond which LibreOffice's CSV export (7.4)
// inserts a line break into a cell's text (it did at 16,384 UTF-16 units);
// line breaks are ignored when comparing cells that long.
const longCell = 16000

// trimGrid drops trailing empty cells of each row and trailing empty rows,
// which the two readers report differently, and normalises line ends.
func trimGrid(g [][]string) [][]string {
	out := make([][]string, len(g))
	for i, row := range g {
		r := slices.Clone(row)
		for j := range r {
			r[j] = strings.ReplaceAll(r[j], "\r\n", "\n")
			if utf16Len(r[j]) > longCell {
				r[j] = strings.ReplaceAll(r[j], "\n", "")
			}
		}
		for len(r) > 0 && r[len(r)-1] == "" {
			r = r[:len(r)-1]
		}
		out[i] = r
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// sameCells compares a row as LibreOffice exports it with the row excelize
// reads. Numbers are compared as numbers: LibreOffice writes at most 15
// significant digits (36.0401 for the double excelize reads as
// 36.0400999999999), and writes a percentage-formatted number as a
// percentage ("70%") even when asked for raw values.
func sameCells(lo, ex []string) bool {
	if len(lo) != len(ex) {
		return false
	}
	for i := range lo {
		if lo[i] == ex[i] {
			continue
		}
		num, pct := strings.CutSuffix(lo[i], "%")
		l, err1 := strconv.ParseFloat(num, 64)
		x, err2 := strconv.ParseFloat(ex[i], 64)
		if pct {
			l /= 100
		}
		if err1 != nil || err2 != nil || !nearly(l, x) {
			return false
		}
	}
	return true
}

// clip shortens long cells in failure messages.
func clip(row []string) []string {
	out := slices.Clone(row)
	for i, c := range out {
		if len(c) > 80 {
			out[i] = c[:80] + "…"
		}
	}
	return out
}
