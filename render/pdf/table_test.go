package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTableKeepsIdentifiersWhole prints tables whose callers ask for
// columns too narrow for their identifiers and reads the PDF back: every
// identifier that can fit beside the other columns is on one line of one
// cell, and every word that had to break ends its line after a separator
// with breakMark, never inside a run of letters.
func TestTableKeepsIdentifiersWhole(t *testing.T) {
	arn := "arn:aws:ecs:eu-north-1:111122223333:task-definition/nwf-notification-worker:19"
	message := "service nwf-prod-core/notification-worker has neither the deployment circuit breaker nor alarm-based rollback: a failing rolling deployment is not rolled back automatically"
	cases := []struct {
		name   string
		whole  []string // identifiers that must print unbroken
		broken []string // words too wide for any column, rejoined from their pieces
		draw   func(d *Document)
	}{
		{"findings with caller widths", []string{"DOC-001.autoscaling", "ECS-002.placeholder", "HTTPCode_Target_5XX_Count"}, []string{arn},
			func(d *Document) {
				d.Table([]string{"Check", "Resource", "Outcome", "Message"}, [][]string{
					{"DOC-001.autoscaling", arn, "PASS", message},
					{"ECS-002.placeholder", "HTTPCode_Target_5XX_Count", "ACCEPTED\nRISK", message},
				}, TableOptions{Widths: []float64{9, 28, 11, 52}, FontSize: 7.5})
			}},
		{"a long run without a space beside identifiers", []string{"NETSEC-001.s3-public-access", "NETSEC-001.placeholder"},
			[]string{"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"},
			func(d *Document) {
				d.Table([]string{"Check", "Resource", "Outcome", "Message"}, [][]string{
					{"NETSEC-001.s3-public-access", arn, "WARN", "Fix: aws s3api put-public-access-block --bucket b --public-access-block-configuration " +
						"BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true"},
					{"NETSEC-001.placeholder", "template netsec-001-network-security.md.tmpl (built in):76:", "WARN", message},
				}, TableOptions{Widths: []float64{17, 28, 11, 44}, FontSize: 7.5})
			}},
		{"widths from content", []string{"TargetResponseTime", "nwf-prod-core/notification-worker", "ECS-010.alarm-actions"}, nil,
			func(d *Document) {
				d.Table([]string{"KPI", "Metric", "Service", "Check"}, [][]string{
					{"latency p99", "TargetResponseTime", "nwf-prod-core/notification-worker", "ECS-010.alarm-actions"},
					{"errors", "HTTPCode_Target_5XX_Count", message, "ECS-010.kpi"},
				}, TableOptions{})
			}},
		{"key value", []string{"ECS-016.secrets-manager"}, []string{arn + "/" + arn[:40]},
			func(d *Document) {
				d.KeyValue([]KV{{"ECS-016.secrets-manager", arn + "/" + arn[:40]}})
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := writePDF(t, render(t, func(d *Document) error { tc.draw(d); return nil }))
			lines := strings.Split(run(t, "pdftotext", "-raw", path, "-"), "\n")
			for _, id := range tc.whole {
				if !containsWord(lines, id) {
					t.Errorf("identifier %q is not whole on any line:\n%s", id, strings.Join(lines, "\n"))
				}
			}
			for _, l := range lines {
				for _, w := range strings.Fields(l) {
					if !strings.HasSuffix(w, breakMark) {
						continue
					}
					before, _ := utf8.DecodeLastRuneInString(strings.TrimSuffix(w, breakMark))
					if !isWordBreak(before) {
						t.Errorf("%q breaks a word after %q, not after a separator", w, before)
					}
				}
			}
			joined := spaceRun.ReplaceAllString(strings.ReplaceAll(strings.Join(lines, "\n"), breakMark+"\n", ""), " ")
			for _, w := range tc.broken {
				if !strings.Contains(joined, w) {
					t.Errorf("broken word %q not recoverable from:\n%s", w, joined)
				}
			}
		})
	}
}

// containsWord reports whether some line holds id as a whole word.
func containsWord(lines []string, id string) bool {
	for _, l := range lines {
		for _, w := range strings.Fields(l) {
			if w == id {
				return true
			}
		}
	}
	return false
}

// TestColumnFloors checks the width rules on measured columns: widest words
// kept when they fit, capped at one width when not (never below the widest
// run between separators), and the widths always fill the table.
func TestColumnFloors(t *testing.T) {
	cases := []struct {
		name   string
		cols   []colMeasure
		target []float64
		want   []float64
	}{
		{"words fit: floors are the words", []colMeasure{{nat: 40, word: 30, seg: 10}, {nat: 200, word: 20, seg: 8}}, []float64{1, 1}, []float64{50, 50}},
		{"caller's share above the floors", []colMeasure{{nat: 40, word: 30, seg: 10}, {nat: 200, word: 20, seg: 8}}, []float64{1, 3}, []float64{30, 70}},
		{"widest word capped, narrow one kept", []colMeasure{{nat: 90, word: 90, seg: 20}, {nat: 30, word: 30, seg: 5}}, []float64{1, 9}, []float64{70, 30}},
		{"even the runs do not fit: scaled", []colMeasure{{nat: 200, word: 200, seg: 150}, {nat: 50, word: 50, seg: 50}}, []float64{1, 1}, []float64{75, 25}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := spread(floors(c.cols, 100), c.target, 100)
			sum := 0.0
			for i := range got {
				sum += got[i]
				if d := got[i] - c.want[i]; d > 0.01 || d < -0.01 {
					t.Errorf("widths %.2f, want %.2f", got, c.want)
					break
				}
			}
			if d := sum - 100; d > 1e-6 || d < -1e-6 {
				t.Errorf("widths add up to %v, want 100", sum)
			}
		})
	}
}
