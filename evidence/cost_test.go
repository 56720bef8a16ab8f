package evidence_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// costYAML is a cost section appended to the minimal case.yaml (whose last
// line is 9): cost: is line 10, actual_usd 11, actual_period 12, lines 13,
// the first line's name 14 and kind 15, the second's name 17.
const costYAML = `cost:
  actual_usd: 5780
  actual_period: March–September 2025
  lines:
    - name: Business Support
      kind: aws
      monthly_usd: 590
    - name: Managed operations
      kind: partner-fee
      monthly_usd: 2400
`

// TestCostKindsAndActual reads who each cost line pays and the stated
// actual, and refuses an unknown kind or an actual without its period with
// case.yaml's line.
func TestCostKindsAndActual(t *testing.T) {
	dir := copyMinimal(t)
	appendTo(t, dir, "cs-a/case.yaml", costYAML)
	cf, _, err := evidence.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	c := cf.CaseStudies[0].Cost
	if c.ActualUSD != 5780 || c.ActualPeriod != "March–September 2025" || len(c.Lines) != 2 ||
		c.Lines[0].Payee() != evidence.CostKindAWS || c.Lines[1].Payee() != evidence.CostKindPartnerFee || (evidence.CostLine{}).Payee() != evidence.CostKindAWS {
		t.Errorf("cost = %+v", c)
	}
	tests := []struct {
		name, old, new string
		line           int
		msg            string
	}{
		{"unknown kind", "kind: partner-fee", "kind: partner", 17, `cost.lines[1].kind "partner": expected aws, partner-fee or third-party`},
		{"actual without period", "  actual_period: March–September 2025\n", "", 11, "cost.actual_usd is set without cost.actual_period"},
		{"negative actual", "actual_usd: 5780", "actual_usd: -1", 11, "cost.actual_usd -1: expected the actual monthly AWS cost, zero or more"},
		{"line without a name", "    - name: Business Support\n", "    - note: x\n", 14, "cost.lines[0]: expected a name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyMinimal(t)
			appendTo(t, dir, "cs-a/case.yaml", costYAML)
			replace(t, dir, "cs-a/case.yaml", tt.old, tt.new)
			_, _, err := evidence.Load(dir)
			var ee *evidence.Error
			if !errors.As(err, &ee) {
				t.Fatalf("error = %v, want *evidence.Error", err)
			}
			want := filepath.Join(dir, "cs-a", "case.yaml")
			if !slices.ContainsFunc(ee.Problems, func(p evidence.Problem) bool {
				return p.File == want && p.Line == tt.line && strings.Contains(p.Msg, tt.msg)
			}) {
				t.Errorf("no problem cs-a/case.yaml:%d containing %q; got:\n%v", tt.line, tt.msg, err)
			}
		})
	}
}
