// Package pipeline builds a submission package from a loaded casefile: it
// runs the assessment, draws the diagrams, fills the SOPs, runbooks and cost
// models, renders the reviewer PDF and the self-assessment spreadsheet, and
// installs everything into the output directory in one atomic step.
//
// It is the only package that knows every stage; each stage lives in its own
// package and reads only what the stage before produced.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/redact"
	"github.com/ecspack/ecspack/render/submission"
	"github.com/ecspack/ecspack/sopfill"
)

// Options configure a build.
type Options struct {
	// OutDir is replaced as a whole by the new package, or left untouched on failure.
	OutDir string
	// ToolVersion is recorded in the manifest and the documents.
	ToolVersion string
	// PricesFile overrides the casefile's and the embedded price table.
	PricesFile string
	// Progress receives one line per stage; nil for silence.
	Progress func(stage string)
	// Redact anonymises every case study (as redact: true in the casefile
	// does for one or all): account ids, addresses, the customer's names,
	// contacts and the values of RedactTagKeys become pseudonyms in every output.
	Redact bool
	// RedactionMap is where the map from originals to pseudonyms is written
	// after a successful redacted build; it must lie outside OutDir. Empty
	// means OutDir + ".redaction-map.json". An existing map's key is reused,
	// so rebuilds keep their pseudonyms.
	RedactionMap string
	// RedactTagKeys are the tag keys whose values are redacted; nil means
	// redact.DefaultTagKeys.
	RedactTagKeys []string
	// RedactTerms are extra words replaced wherever they occur: a project
	// code name, the customer's acronym in resource names ("nwf-prod").
	RedactTerms []string
	// Force replaces an OutDir that is not empty and not a package ecspack
	// wrote. It never allows replacing the casefile or an input's folder
	// (see CheckOutDir).
	Force bool
}

// InputError marks a failure caused by the user's input (a price file, an
// SOP override) rather than by ecspack or the machine; the CLI exits 2.
type InputError struct{ Err error }

func (e *InputError) Error() string { return e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

// Result is what a build produced.
type Result struct {
	Report   *assess.Report
	Manifest *Manifest
	// Files are the output files, relative to OutDir, sorted.
	Files []string
	// Warnings name input lines whose text the PDFs print as a marker
	// (UnprintableInputs).
	Warnings []Warning
}

// Build assesses the casefile and writes the package into opts.OutDir.
func Build(ctx context.Context, cf *evidence.Casefile, cat *catalog.Catalog, opts Options) (*Result, error) {
	progress := func(string) {}
	if opts.Progress != nil {
		var mu sync.Mutex // stages report from concurrent chains
		progress = func(s string) {
			mu.Lock()
			defer mu.Unlock()
			opts.Progress(s)
		}
	}
	orig := cf
	var red *redact.Redactor
	var mapPath string
	var err error
	if opts.Redact || redact.Redacts(cf, false) {
		if mapPath, err = redactionMapPath(opts); err != nil {
			return nil, &InputError{Err: err}
		}
		key, err := redact.Key(mapPath, cf.Inputs())
		if err != nil {
			return nil, &InputError{Err: err}
		}
		progress("redacting")
		tagKeys := opts.RedactTagKeys
		if len(cf.RedactTags) > 0 {
			if tagKeys == nil {
				tagKeys = redact.DefaultTagKeys
			}
			tagKeys = append(slices.Clone(tagKeys), cf.RedactTags...)
		}
		terms := append(slices.Clone(opts.RedactTerms), cf.RedactTerms...)
		red = redact.New(redact.Options{Key: key, All: opts.Redact, TagKeys: tagKeys, Terms: terms})
		cf = red.Casefile(cf)
	}

	if err := CheckOutDir(opts.OutDir, buildGuard(orig, opts)); err != nil {
		return nil, err
	}
	cleanStale(opts.OutDir, progress)
	st, err := newStaging(opts.OutDir)
	if err != nil {
		return nil, err
	}
	defer st.discard()

	progress("assessing " + words.Count(len(cf.CaseStudies), "case study", "case studies"))
	views := estates(cf) // of the redacted copy when redacting
	rep, fl, err := assessFilled(ctx, cf, views, cat, opts.PricesFile)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	b := &builder{ctx: ctx, cf: cf, orig: orig, red: red, cat: cat, rep: rep, estates: views, filled: fl, opts: opts, st: st, progress: progress}
	for _, st := range b.plan() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := b.runStep(ctx, st); err != nil {
			return nil, err
		}
	}

	man, err := b.manifest()
	if err != nil {
		return nil, err
	}
	data, err := man.encode()
	if err != nil {
		return nil, err
	}
	if err := st.write("manifest.json", data); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// The map is written in full before OutDir is replaced: a full disk or
	// an unwritable folder then fails the build with OutDir untouched.
	var pendingMap *redact.PendingMap
	if red != nil {
		progress("writing the redaction map " + mapPath)
		if pendingMap, err = red.StageMapFile(mapPath); err != nil {
			return nil, &OutputError{err}
		}
		defer pendingMap.Discard()
	}
	progress("installing " + opts.OutDir)
	if err := st.commit(); err != nil {
		return nil, err
	}
	if pendingMap != nil {
		if err := pendingMap.Install(); err != nil {
			return nil, &OutputError{fmt.Errorf("the package is in %s, but: %w", opts.OutDir, err)}
		}
	}
	files := append([]string(nil), st.files...)
	return &Result{Report: rep, Manifest: man, Files: files, Warnings: UnprintableInputs(orig)}, nil
}

// builder carries the state shared by the stages of one build.
type builder struct {
	ctx context.Context
	cf  *evidence.Casefile
	// orig is the casefile as loaded, whose paths still name the input
	// files; red redacted it into cf (nil when not redacting).
	orig *evidence.Casefile
	red  *redact.Redactor
	cat  *catalog.Catalog
	rep  *assess.Report
	// estates are the case studies' estate views, built once from cf and
	// given to every stage.
	estates estate.ByCase
	// filled are the SOPs and runbooks the assessment filled (see fillSOPs).
	filled   *filled
	opts     Options
	st       *staging
	progress func(string)
	outputs  []FileSum

	mu sync.Mutex // guards st and outputs

	// attachments are the files the answers cite, read once for the copy
	// in attachments/ and the reviewer PDF.
	attachments *submission.Attachments
	prices      *cost.Prices
	cases       []*caseArtifacts
	partnerSOPs []sopfill.Document
}

type stage struct {
	name string
	run  func() error
}

// chain is a list of stages run in order; step is a list of chains run at once.
type (
	chain []stage
	step  []chain
)

// runStep runs a step's chains concurrently. The first failure cancels the
// others; the error reported is that of the earliest chain that failed, so the
// message does not depend on scheduling.
func (b *builder) runStep(parent context.Context, st step) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	b.ctx = ctx
	defer func() { b.ctx = parent }()
	errs := make([]error, len(st))
	var wg sync.WaitGroup
	for i, ch := range st {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, sg := range ch {
				if err := ctx.Err(); err != nil {
					errs[i] = err
					return
				}
				if err := sg.run(); err != nil {
					errs[i] = fmt.Errorf("%s: %w", sg.name, err)
					cancel()
					return
				}
			}
		}()
	}
	wg.Wait()
	// A chain cancelled because another failed reports context.Canceled;
	// prefer the real cause.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// emit writes an output file and records its checksum for the manifest; it
// is safe for the concurrent chains of a step.
func (b *builder) emit(rel string, data []byte) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.st.write(rel, data); err != nil {
		return err
	}
	b.outputs = append(b.outputs, sumBytes(filepath.ToSlash(rel), data))
	return nil
}

func (b *builder) manifest() (*Manifest, error) {
	inputs, err := sumInputs(b.orig.Dir, b.orig.Inputs())
	if err != nil {
		return nil, err
	}
	if b.red != nil {
		for i := range inputs {
			inputs[i].Path = b.red.Text(inputs[i].Path)
		}
	}
	m := &Manifest{
		Tool: "ecspack", ToolVersion: b.opts.ToolVersion, Checklist: b.cat.Version,
		PackageID: b.cf.Package.ID, PackageDate: b.cf.Package.Date.String(), Partner: b.cf.Partner.Name,
		Ready: b.rep.Ready, StatusCounts: map[string]int{}, Inputs: inputs, Outputs: b.outputs,
	}
	for _, cs := range b.cf.CaseStudies {
		m.CaseStudies = append(m.CaseStudies, cs.ID)
		if cs.Inventory != nil {
			for _, e := range cs.Inventory.Collection.Errors {
				m.Gaps = append(m.Gaps, fmt.Sprintf("%s: %s %s:%s %s: %s", cs.ID, strings.Trim(e.Account+" "+e.Region, " "), e.Service, e.Operation, e.Code, e.Message))
			}
		}
	}
	for _, o := range b.rep.Overall {
		m.StatusCounts[string(o.Status)]++
	}
	return m, nil
}

// buildGuard is what a build's OutDir must not replace: the casefile, every
// input file and the price table. An --inventory run has no casefile
// directory; its snapshot is an input like the others.
func buildGuard(cf *evidence.Casefile, opts Options) Guard {
	g := Guard{Inputs: append(cf.Inputs(), opts.PricesFile, opts.RedactionMap), Force: opts.Force}
	if filepath.Base(cf.File) == evidence.FileName {
		g.Casefile = cf.Dir
	}
	return g
}

// redactionMapPath is where the redaction map goes: never inside OutDir,
// which is what gets published.
func redactionMapPath(opts Options) (string, error) {
	out, err := filepath.Abs(filepath.Clean(opts.OutDir))
	if err != nil {
		return "", err
	}
	p := opts.RedactionMap
	if p == "" {
		return out + ".redaction-map.json", nil
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(out, abs); err == nil && (rel == "." || filepath.IsLocal(rel)) {
		return "", fmt.Errorf("--redaction-map %s is inside the output directory %s: the map de-anonymises the package, so it must be kept outside it", p, opts.OutDir)
	}
	return abs, nil
}
