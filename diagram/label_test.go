package diagram

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestLabelsPrintable: every estate value reaches Graphviz shortened to
// MaxLabel characters with a visible hash mark, with control characters and
// text the PDF fonts lack replaced, and HTML-escaped.
func TestLabelsPrintable(t *testing.T) {
	long := "svc-" + strings.Repeat("x", 1<<20)
	tests := []struct {
		name, in string
		check    func(t *testing.T, got string)
	}{
		{"short name unchanged", "orders-api", func(t *testing.T, got string) {
			if got != "orders-api" {
				t.Errorf("got %q", got)
			}
		}},
		{"megabyte name shortened", long, func(t *testing.T, got string) {
			if n := utf8.RuneCountInString(got); n != MaxLabel || !strings.Contains(got, "…[#") || !strings.HasPrefix(got, "svc-") {
				t.Errorf("%d characters, %.120q", n, got)
			}
		}},
		{"distinct long names stay distinct", long[:len(long)-1] + "y", func(t *testing.T, got string) {
			if got == string(lab{}.v(long)) {
				t.Errorf("two names print the same: %q", got)
			}
		}},
		{"CJK named", "注文サービス", func(t *testing.T, got string) {
			if got != "[unprintable: 6 CJK characters]" {
				t.Errorf("got %q", got)
			}
		}},
		{"controls and markup", "a\x00b\u202Ec<i>", func(t *testing.T, got string) {
			if got != "a\uFFFDb\uFFFDc&lt;i&gt;" {
				t.Errorf("got %q", got)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.check(t, string(lab{}.v(tt.in)))
		})
	}
}
