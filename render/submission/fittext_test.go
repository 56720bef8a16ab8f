package submission

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestFitTextHostile: the matrix's own text fitting (customer names in the
// column headers) prints what the fonts can draw and stays fast for a
// megabyte-long name.
func TestFitTextHostile(t *testing.T) {
	width := func(s string) float64 { return float64(utf8.RuneCountInString(s)) }
	tests := []struct{ in, want string }{
		{"Contoso", "Contoso"},
		{"東京病院", "[unprintable: 4 CJK characters]"},
		{"emoji 😀\x01", "emoji \uFFFD\uFFFD"},
		{strings.Repeat("x", 1<<20), strings.Repeat("x", 39) + "…"},
	}
	for _, tt := range tests {
		start := time.Now()
		got := fitText(width, tt.in, 40)
		if took := time.Since(start); took > time.Second {
			t.Errorf("%.20q: took %v", tt.in, took)
		}
		if got != tt.want {
			t.Errorf("fitText(%.20q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
