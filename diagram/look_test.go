package diagram

import (
	"context"

	"codeberg.org/go-pdf/fpdf"
	"github.com/ecspack/ecspack/diagram/pdfdraw"
	"os"
	"path/filepath"
	"testing"
)

// TestLook writes the small estate's diagrams to $DIAGRAM_LOOK for a person to inspect.
func TestLook(t *testing.T) {
	dir := os.Getenv("DIAGRAM_LOOK")
	if dir == "" {
		t.Skip("set DIAGRAM_LOOK=dir to write diagrams for inspection")
	}
	ds, err := Build(context.Background(), smallSnapshot(), Options{Title: "Shop"})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		os.WriteFile(filepath.Join(dir, d.ID+".dot"), d.DOT, 0o644)
		os.WriteFile(filepath.Join(dir, d.ID+".svg"), d.SVG, 0o644)
		t.Logf("%s: %d nodes, %q", d.ID, d.Nodes, d.Title)
	}
	writeLookPDF(t, ds, filepath.Join(dir, "small.pdf"))
}

// writeLookPDF draws diagrams onto A4 landscape pages.
func writeLookPDF(t *testing.T, ds []Diagram, path string) {
	t.Helper()
	pdf := fpdf.New("L", "mm", "A4", "")
	for _, d := range ds {
		pdf.AddPage()
		if err := pdfdraw.Draw(pdf, d.Drawing, 10, 10, 277, 190, pdfdraw.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := pdf.OutputFileAndClose(path); err != nil {
		t.Fatal(err)
	}
}

// TestLookLarge writes the 1,000-service estate's pages to $DIAGRAM_LOOK.
func TestLookLarge(t *testing.T) {
	dir := os.Getenv("DIAGRAM_LOOK")
	if dir == "" {
		t.Skip("set DIAGRAM_LOOK=dir to write diagrams for inspection")
	}
	ds, err := Build(context.Background(), synthEstate(1000), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		t.Logf("%s: %d nodes, %q", d.ID, d.Nodes, d.Title)
	}
	writeLookPDF(t, ds, filepath.Join(dir, "large.pdf"))
}
