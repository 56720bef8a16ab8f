package assess

import (
	"fmt"
	"strings"
)

// Rank orders outcomes worst first — fail, warn, accepted risk, pass,
// info — the order
// findings are sorted and counted in everywhere they are shown; an unknown
// outcome ranks last.
func (o Outcome) Rank() int {
	switch o {
	case Fail:
		return 0
	case Warn:
		return 1
	case AcceptedRisk:
		return 2
	case Pass:
		return 3
	case Info:
		return 4
	}
	return 5
}

// Tally is a count of findings by outcome.
type Tally map[Outcome]int

// TallyFindings counts findings by outcome.
func TallyFindings(fs []Finding) Tally {
	t := Tally{}
	for _, f := range fs {
		t[f.Outcome]++
	}
	return t
}

// String reads a tally worst first, leaving out outcomes no finding has:
// "2 fail, 1 warn, 1 accepted risk, 5 pass" ("" for no findings). The
// reviewer PDF and the workbook print it beside each control.
func (t Tally) String() string {
	var parts []string
	for _, o := range []Outcome{Fail, Warn, AcceptedRisk, Pass, Info} {
		if t[o] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", t[o], strings.ReplaceAll(string(o), "-", " ")))
		}
	}
	return strings.Join(parts, ", ")
}
