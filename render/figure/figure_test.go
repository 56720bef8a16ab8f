package figure

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/diagram/drawop"
	"github.com/ecspack/ecspack/internal/testkit/readback"
	"github.com/ecspack/ecspack/render/pdf"
)

const noDrawing = "(This diagram has no drawing.)"

// labelled is a small drawing: a box with a label, w by h points.
func labelled(w, h float64, label string) drawop.Drawing {
	black := drawop.Color{A: 255}
	return drawop.Drawing{Width: w, Height: h, Ops: []drawop.Op{
		{Kind: drawop.Polygon, Points: []drawop.Point{{X: 1, Y: 1}, {X: w - 1, Y: 1}, {X: w - 1, Y: h - 1}, {X: 1, Y: h - 1}}, Stroke: black},
		{Kind: drawop.Text, Text: label, Pos: drawop.Point{X: w / 2, Y: h / 2}, Anchor: drawop.AnchorCenter,
			Width: 60, Font: drawop.Font{Name: "Helvetica", Size: 12}, Stroke: black, Fill: black},
	}}
}

// TestDraw renders each diagram into a PDF and reads its text back: a
// drawing prints its labels, a diagram without one says so.
func TestDraw(t *testing.T) {
	readback.NeedTool(t, "pdftotext")
	tests := []struct {
		name    string
		drawing drawop.Drawing
		want    string
		notWant string
	}{
		{"tall drawing", labelled(200, 300, "web-service"), "web-service", noDrawing},
		{"wide drawing", labelled(900, 120, "api-gateway"), "api-gateway", noDrawing},
		{"no operations", drawop.Drawing{Width: 100, Height: 100}, noDrawing, ""},
		{"zero size", drawop.Drawing{Ops: labelled(10, 10, "hidden").Ops}, noDrawing, "hidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := pdf.Options{Title: "figure test", Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC)}
			out, err := pdf.Render(context.Background(), opts, func(d *pdf.Document) error {
				d.Paragraph("Architecture")
				return Draw(d, diagram.Diagram{ID: "overview", Drawing: tt.drawing}, nil)
			})
			if err != nil {
				t.Fatalf("Render: %v", err)
			}
			path := filepath.Join(t.TempDir(), "figure.pdf")
			if err := os.WriteFile(path, out, 0o600); err != nil {
				t.Fatal(err)
			}
			text := readback.Squash(readback.Text(t, path))
			if !strings.Contains(text, tt.want) {
				t.Errorf("the PDF does not show %q:\n%s", tt.want, text)
			}
			if tt.notWant != "" && strings.Contains(text, tt.notWant) {
				t.Errorf("the PDF shows %q:\n%s", tt.notWant, text)
			}
		})
	}
}
