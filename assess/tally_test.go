package assess

import (
	"slices"
	"testing"
)

// TestTally holds the one wording of a control's findings count that the
// reviewer PDF and the workbook print: worst first, empty outcomes left out.
func TestTally(t *testing.T) {
	f := func(os ...Outcome) []Finding {
		var fs []Finding
		for _, o := range os {
			fs = append(fs, Finding{Outcome: o})
		}
		return fs
	}
	tests := []struct {
		name string
		fs   []Finding
		want string
	}{
		{"none", nil, ""},
		{"one pass", f(Pass), "1 pass"},
		{"worst first, whatever the order found", f(Info, Pass, Warn, Fail, Pass, Fail), "2 fail, 1 warn, 2 pass, 1 info"},
		{"outcomes without findings left out", f(Warn, Info, Info), "1 warn, 2 info"},
		{"an accepted risk between warn and pass, in words", f(Pass, AcceptedRisk, Warn), "1 warn, 1 accepted risk, 1 pass"},
		{"an unknown outcome is counted but not worded", f(Outcome("odd"), Fail), "1 fail"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TallyFindings(tt.fs).String(); got != tt.want {
				t.Errorf("tally = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestOutcomeRank holds the worst-first order findings are sorted in.
func TestOutcomeRank(t *testing.T) {
	got := []Outcome{Info, Outcome("odd"), Pass, AcceptedRisk, Warn, Fail}
	slices.SortFunc(got, func(a, b Outcome) int { return a.Rank() - b.Rank() })
	if want := []Outcome{Fail, Warn, AcceptedRisk, Pass, Info, Outcome("odd")}; !slices.Equal(got, want) {
		t.Errorf("by rank = %q, want %q", got, want)
	}
}
