package submission

import (
	"strings"
	"testing"
)

// TestSampleCostModels reads the sample PDF back: each cost model totals AWS
// apart from the partner's fees and third parties' charges, shows the Auto
// Scaling low and high, lists its unpriced lines as gaps, and compares the
// model with the actual the case study states — not with the estimate.
func TestSampleCostModels(t *testing.T) {
	_, texts := renderedSampleText(t)
	text := strings.Join(strings.Fields(strings.Join(texts, "\n")), " ")
	for _, want := range []string{
		"AWS total per month, USD $6,311.85 $6,311.85 $8,318.11", "Low High", "$72.08 $72.08 $288.32",
		"per month, USD $3,800.00", "per month, USD $2,400.00",
		"per month, USD $1,200.00",
		"Actual AWS cost stated by the partner: $13,650.00 per month (October 2024 – September 2025), $550.00 (3.9 %) below the estimate.",
		"This model's AWS total, $6,311.85 per month at the steady state, is $7,338.15 (53.8 %) below the actual.",
		"3 lines have no price in the price table and are not in any total: c6a.xlarge (spot); c6i.xlarge (spot); c7i.xlarge (on-demand).",
		"This model's AWS total, $1,051.00 per month at the steady state, is $4,729.00 (81.8 %) below the actual.",
		"ecspack prices --refresh -o prices.yaml --regions eu-north-1 \\ --instance-types c6a.xlarge,c6i.xlarge,c7i.xlarge",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the sample PDF lacks %q", want)
		}
	}
	for _, not := range []string{"below the estimate.", "above the estimate.", "this model gives"} {
		if i := strings.Index(text, not); i >= 0 && !strings.Contains(text[max(0, i-160):i], "Actual AWS cost stated by the partner") {
			t.Errorf("the sample PDF compares the model with the estimate although the actual is stated: …%s…", text[max(0, i-200):i+len(not)])
		}
	}
}
