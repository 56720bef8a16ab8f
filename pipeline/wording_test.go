package pipeline

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"testing"
)

// oneWithPlural matches a count of one followed by a plural noun ("1
// regions"): the reviewer reads every finding, and the sample has estates of
// one region, one cluster and one service in a namespace.
var oneWithPlural = regexp.MustCompile(`\b1 (regions|clusters|services|controls|accounts|tasks|subnets)\b`)

// TestFindingsCountInTheSingular assesses the sample, and the sample with one
// control left as init's stub (so 3.1 counts one unanswered control), and
// expects no finding, reason or gap to say "1 <plural>".
func TestFindingsCountInTheSingular(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(t *testing.T, dir string)
	}{
		{"the sample", func(*testing.T, string) {}},
		{"one stub answer", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "case-studies", "contoso-health", "answers", "ECS-004.md"), "<!--\nECS-004\n-->\n")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep := assessEditedSample(t, "cf", tc.edit)
			b, err := json.Marshal(rep)
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`\b1 (region|cluster|service|control)\b`).Match(b) {
				t.Fatal("no count of one in the report: the test no longer sees the cases it guards")
			}
			for _, m := range oneWithPlural.FindAll(b, -1) {
				t.Errorf("the report says %q", m)
			}
		})
	}
}
