package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/cost"
	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/evidence/placeholder"
	"github.com/ecspack/ecspack/sopfill"
)

// Assess is the assessment `check` and `build` share: the automated checks and
// answers, plus the placeholders the package's SOPs and runbooks would still
// show, which only filling them reveals. pricesFile overrides the casefile's
// price table ("" for none); a bad price table or SOP override is an
// *InputError.
func Assess(ctx context.Context, cf *evidence.Casefile, cat *catalog.Catalog, pricesFile string) (*assess.Report, error) {
	rep, _, err := assessFilled(ctx, cf, estates(cf), cat, pricesFile)
	return rep, err
}

// estates builds each case study's estate view, once: every stage of `check`
// and `build` reads the same view instead of building its own. The views are
// of cf's snapshots, so a redacting build passes its redacted casefile.
func estates(cf *evidence.Casefile) estate.ByCase {
	views := make(estate.ByCase, len(cf.CaseStudies))
	for _, cs := range cf.CaseStudies {
		views[cs.ID] = estate.New(cs.Inventory)
	}
	return views
}

// filled are the documents Assess filled, by case study id, so that a build
// with the built-in templates need not fill them again.
type filled struct {
	sops     map[string][]sopfill.Document
	runbooks map[string]sopfill.Document
}

// assessFilled is Assess over the case studies' estate views, also
// returning the documents it filled.
func assessFilled(ctx context.Context, cf *evidence.Casefile, views estate.ByCase, cat *catalog.Catalog, pricesFile string) (*assess.Report, *filled, error) {
	prices, err := readPrices(cf, pricesFile)
	if err != nil {
		return nil, nil, err
	}
	docs, fl, err := documentFindings(ctx, cf, views, prices)
	if err != nil {
		return nil, nil, err
	}
	return assess.EvaluateWith(cf, cat, assess.Options{Documents: docs, Estates: views}), fl, nil
}

// readPrices loads the price table a build uses.
func readPrices(cf *evidence.Casefile, pricesFile string) (*cost.Prices, error) {
	var p *cost.Prices
	var err error
	switch {
	case pricesFile != "":
		p, err = cost.ReadPricesFile(pricesFile)
	case cf.Prices != "":
		p, err = cost.ReadPricesFile(filepath.Join(cf.Dir, cf.Prices))
	default:
		p, err = cost.EmbeddedPrices()
	}
	if err != nil {
		return nil, &InputError{Err: err}
	}
	return p, nil
}

// documentFindings fills every case study's SOPs and runbook as the build
// does and turns each placeholder they show into a finding against the
// controls the document serves, by case study id and control id.
func documentFindings(ctx context.Context, cf *evidence.Casefile, views estate.ByCase, prices *cost.Prices) (map[string]map[string][]assess.Finding, *filled, error) {
	out := map[string]map[string][]assess.Finding{}
	fl := &filled{sops: map[string][]sopfill.Document{}, runbooks: map[string]sopfill.Document{}}
	for _, cs := range cf.CaseStudies {
		view := views.For(cs.ID, cs.Inventory)
		model, err := cost.Estimate(cs, prices, cost.Options{Estate: view})
		if err != nil {
			return nil, nil, fmt.Errorf("case study %s: %w", cs.ID, err)
		}
		opts := sopfill.Options{Cost: model, Estate: view}
		docs, err := sopfill.Render(ctx, cf, cs, opts)
		if err != nil {
			return nil, nil, &InputError{Err: fmt.Errorf("case study %s: %w", cs.ID, err)}
		}
		rb, err := sopfill.RunbookDocument(ctx, cf, cs, opts)
		if err != nil {
			return nil, nil, &InputError{Err: fmt.Errorf("case study %s runbook: %w", cs.ID, err)}
		}
		fl.sops[cs.ID], fl.runbooks[cs.ID] = docs, rb
		m := map[string][]assess.Finding{}
		for _, d := range append(docs, rb) {
			src := d.Source
			if f, ok := cutPrefix(src, "embedded:"); ok {
				src = "template " + f + " (built in)"
			} else if r, err := filepath.Rel(cf.Dir, src); err == nil && filepath.IsLocal(r) {
				src = filepath.ToSlash(r)
			}
			where := fmt.Sprintf("%s %q for %s", docKind(d), d.Title, cs.ID)
			for _, p := range d.Placeholders {
				for _, c := range d.Controls {
					m[c] = append(m[c], assess.PlaceholderFinding(c, src, p.Line, where, p.Hit))
				}
			}
			// ecspack's own text is not the partner's procedure until
			// ecspack.yaml adopts it.
			if d.Origin == sopfill.OriginTemplate {
				for _, c := range d.Controls {
					m[c] = append(m[c], assess.UnadoptedSOPFinding(c, relFile(cf, cf.File), cf.SOPs.Line, d.ID, d.Title))
				}
			}
		}
		// The reviewer PDF prints the cost model's own markers for a missing
		// estimate or business value, whatever the COST-001 template says.
		if model != nil {
			file := relFile(cf, cs.File)
			for _, h := range placeholder.Find(string(model.Markdown())) {
				if !hasExcerpt(m["COST-001"], h.Excerpt) {
					m["COST-001"] = append(m["COST-001"], assess.PlaceholderFinding("COST-001", file, 0, "the cost analysis for "+cs.ID, h))
				}
			}
		}
		out[cs.ID] = m
	}
	return out, fl, nil
}

// relFile is a casefile file as findings name it: relative to the casefile
// when inside it.
func relFile(cf *evidence.Casefile, file string) string {
	if r, err := filepath.Rel(cf.Dir, file); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return file
}

// hasExcerpt reports whether a finding already quotes this placeholder.
func hasExcerpt(fs []assess.Finding, excerpt string) bool {
	for _, f := range fs {
		if strings.Contains(f.Message, excerpt) {
			return true
		}
	}
	return false
}

func docKind(d sopfill.Document) string {
	if d.ID == "RUNBOOK" {
		return "the runbook"
	}
	return "SOP " + d.ID
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return s, false
}
