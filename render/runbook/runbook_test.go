package runbook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// Read-back helpers (mirroring render/pdf's): without poppler/qpdf a test
// skips, under CI=true it fails.

func run(t testing.TB, name string, args ...string) string { return readback.Run(t, name, args...) }

// sampleInput is the first case study of the bundled sample with a runbook
// body naming each of its services (package sop writes the real one).
func sampleInput(t testing.TB) Input {
	t.Helper()
	cf, _, err := evidence.Load("../../samples/harbor")
	if err != nil {
		t.Fatal(err)
	}
	cs := cf.CaseStudies[0]
	ds, err := diagram.Build(context.Background(), cs.Inventory, diagram.Options{Title: cs.Customer.Name})
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	md.WriteString("# Service inventory\n\n| Service | Cluster | Desired |\n|---|---|---|\n")
	for _, a := range cs.Inventory.Accounts {
		for _, r := range a.Regions {
			for _, c := range r.ECS.Clusters {
				for _, s := range c.Services {
					fmt.Fprintf(&md, "| %s | %s | %d |\n", s.Name, c.Name, s.DesiredCount)
				}
			}
		}
	}
	md.WriteString("\n# Standard operations\n\n## Roll back\n\n1. Find the previous task definition revision.\n2. `aws ecs update-service --task-definition family:N`\n\n# Disaster recovery\n\nRTO 4h, RPO 15m. See [roll back](#roll-back).\n")
	return Input{Casefile: cf, Case: cs, Markdown: []byte(md.String()), Diagrams: ds, ToolVersion: "0.0.0-test"}
}

func TestRenderRunbook(t *testing.T) {
	in := sampleInput(t)
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "runbook.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := os.Getenv("RUNBOOK_PDF_OUT"); out != "" {
		_ = os.WriteFile(out, data, 0o644)
	}
	text := run(t, "pdftotext", "-layout", path, "-")
	pagesText := strings.Split(text, "\f")
	if !strings.Contains(pagesText[0], in.Case.Customer.Name) || !strings.Contains(pagesText[0], "Operations runbook") {
		t.Errorf("cover does not name the customer:\n%s", pagesText[0])
	}
	if !strings.Contains(pagesText[1], "Contents") || !strings.Contains(pagesText[1], "Service inventory") {
		t.Errorf("page 2 is not the contents:\n%s", pagesText[1])
	}
	for _, a := range in.Case.Inventory.Accounts {
		for _, r := range a.Regions {
			for _, c := range r.ECS.Clusters {
				for _, s := range c.Services {
					if !strings.Contains(text, s.Name) {
						t.Errorf("service %s is not in the runbook", s.Name)
					}
				}
			}
		}
	}
	n := len(pagesText) - 1
	if !strings.Contains(pagesText[n-1], fmt.Sprintf("Page %d of %d", n, n)) {
		t.Errorf("last page has no \"Page %d of %d\" footer", n, n)
	}
	// Outline: the chapters of the Markdown and the overview.
	var doc struct {
		Outlines []struct {
			Title string `json:"title"`
			Page  int    `json:"destpageposfrom1"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json=2", "--json-key=outlines", path)), &doc); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, o := range doc.Outlines {
		titles = append(titles, o.Title)
	}
	if got := strings.Join(titles, "|"); !strings.Contains(got, "System overview|Service inventory|Standard operations|Disaster recovery") {
		t.Errorf("outline = %s", got)
	}
	// The diagram page (3) is vector: text, no image anywhere.
	if imgs := strings.Split(strings.TrimSpace(run(t, "pdfimages", "-list", path)), "\n"); len(imgs) > 2 {
		t.Errorf("runbook holds raster images:\n%s", strings.Join(imgs, "\n"))
	}
	if words := strings.Fields(pagesText[2]); len(words) < 30 {
		t.Errorf("diagram page has almost no text (%d words)", len(words))
	}
	for _, l := range strings.Split(strings.TrimSpace(run(t, "pdffonts", path)), "\n")[2:] {
		f := strings.Fields(l)
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
	if out := run(t, "qpdf", "--check", path); !strings.Contains(out, "No syntax or stream encoding errors") {
		t.Errorf("qpdf --check: %s", out)
	}
	again, err := Render(context.Background(), sampleInput(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Error("two renders of the same runbook differ")
	}
}

func TestRenderRunbookNeedsInput(t *testing.T) {
	in := sampleInput(t)
	for name, bad := range map[string]Input{
		"no casefile": {Case: in.Case, Markdown: in.Markdown},
		"no case":     {Casefile: in.Casefile, Markdown: in.Markdown},
		"no markdown": {Casefile: in.Casefile, Case: in.Case, Markdown: []byte("  \n")},
	} {
		if _, err := Render(context.Background(), bad); !errors.Is(err, ErrInput) {
			t.Errorf("%s: err = %v, want ErrInput", name, err)
		}
	}
}

func TestRenderRunbookRedacted(t *testing.T) {
	in := sampleInput(t)
	cs := *in.Case
	cs.Redact = true
	in.Case = &cs
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	cover := strings.Split(run(t, "pdftotext", "-layout", path, "-"), "\f")[0]
	if strings.Contains(cover, cs.Customer.LegalEntity) || (cs.Customer.PublicName != "" && !strings.Contains(cover, cs.Customer.PublicName)) {
		t.Errorf("redacted cover shows the legal entity or lacks the public name:\n%s", cover)
	}
}
