package submission

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/diagram"
	"github.com/ecspack/ecspack/evidence"
)

const sampleDir = "../../samples/harbor"

// sampleInput builds the Input the pipeline would build for the bundled
// sample casefile, with placeholder SOP documents (package sop fills the
// real ones).
func sampleInput(t testing.TB) Input {
	t.Helper()
	cf, cat, err := evidence.Load(sampleDir)
	if err != nil {
		t.Fatalf("load sample casefile: %v", err)
	}
	return inputFor(t, cf, cat)
}

func inputFor(t testing.TB, cf *evidence.Casefile, cat *catalog.Catalog) Input {
	t.Helper()
	ctx := context.Background()
	rep := assess.Evaluate(cf, cat)
	in := Input{
		Casefile: cf, Catalog: cat, Report: rep,
		Diagrams:    map[string][]diagram.Diagram{},
		CaseSOPs:    map[string][]Document{},
		Costs:       map[string]*cost.Model{},
		ToolVersion: "0.0.0-test",
	}
	prices, err := cost.EmbeddedPrices()
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range cf.CaseStudies {
		if cs.Inventory != nil {
			ds, err := diagram.Build(ctx, cs.Inventory, diagram.Options{Title: cs.Customer.Name})
			if err != nil {
				t.Fatalf("diagrams of %s: %v", cs.ID, err)
			}
			in.Diagrams[cs.ID] = ds
		}
		m, err := cost.Estimate(cs, prices, cost.Options{})
		if err != nil {
			t.Fatalf("cost of %s: %v", cs.ID, err)
		}
		in.Costs[cs.ID] = m
		applied := fmt.Sprintf("## In %s's deployment\n\nOperations of %s's clusters. See [the KPIs](#OPE-001).\n", cs.Customer.Name, cs.Customer.Name)
		in.CaseSOPs[cs.ID] = []Document{{
			ID: "ope-002", Title: "Runbook and playbook", Controls: []string{"OPE-002"},
			Markdown: []byte("# Runbook and playbook\n\n" + applied), Applied: []byte(applied),
		}}
	}
	in.SOPs = []Document{
		{ID: "acct-001", Title: "Secure account governance", Controls: []string{"ACCT-001"}, Markdown: []byte("# Root account\n\nThe root user is never used. MFA is on. See [ACCT-002](control:ACCT-002).\n")},
		{ID: "netsec-001", Title: "Network security policy", Controls: []string{"NETSEC-001"}, Markdown: []byte("## Security groups\n\n| Rule | Why |\n|---|---|\n| 443 from ALB only | least exposure |\n")},
	}
	return in
}

var (
	sampleOnce sync.Once
	samplePDF  []byte
	sampleErr  error
	sampleIn   Input
)

// renderedSample renders the sample once per test binary.
func renderedSample(t testing.TB) ([]byte, Input) {
	t.Helper()
	sampleOnce.Do(func() {
		sampleIn = sampleInput(t)
		samplePDF, sampleErr = Render(context.Background(), sampleIn)
		if sampleErr == nil && os.Getenv("SUBMISSION_PDF_OUT") != "" {
			sampleErr = os.WriteFile(os.Getenv("SUBMISSION_PDF_OUT"), samplePDF, 0o644)
		}
	})
	if sampleErr != nil {
		t.Fatalf("Render: %v", sampleErr)
	}
	return samplePDF, sampleIn
}

func TestRenderSampleWrites(t *testing.T) {
	data, _ := renderedSample(t)
	if len(data) < 10000 {
		t.Fatalf("PDF is only %d bytes", len(data))
	}
}

var (
	sampleTextOnce sync.Once
	sampleTexts    []string
	samplePath     string
)

// renderedSampleText is the sample PDF's path and its text per page
// (pdftotext -layout), read once per test binary.
func renderedSampleText(t testing.TB) (string, []string) {
	t.Helper()
	data, _ := renderedSample(t)
	needTool(t, "pdftotext")
	sampleTextOnce.Do(func() {
		dir, err := os.MkdirTemp("", "submission-test-")
		if err != nil {
			t.Fatal(err)
		}
		samplePath = filepath.Join(dir, "sample.pdf")
		if err := os.WriteFile(samplePath, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sampleTexts = pages(t, samplePath)
	})
	return samplePath, sampleTexts
}

// TestMain removes the shared sample PDF after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if samplePath != "" {
		os.RemoveAll(filepath.Dir(samplePath))
	}
	os.Exit(code)
}
