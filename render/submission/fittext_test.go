package submission

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFitTextHostile: the matrix's own text fitting (customer names in the
// column headers) prints what the fonts can draw and stays fast for a
// megabyte-long name.
func TestFitTextHostile(t *testing.T) {
	// The work is counted, not timed: every rune measured is added up, and
	// a name of any length may cost at most what a name of the printed cap
	// costs when shortened rune by rune (a megabyte-long name was measured
	// whole, once per rune removed).
	const limit = 2 * 200 * 200
	measured := 0
	width := func(s string) float64 {
		n := utf8.RuneCountInString(s)
		if measured += n; measured > limit {
			t.Fatalf("measured %d runes, more than %d: the work grows with the name's length", measured, limit)
		}
		return float64(n)
	}
	tests := []struct{ in, want string }{
		{"Contoso", "Contoso"},
		{"東京病院", "[unprintable: 4 CJK characters]"},
		{"emoji 😀\x01", "emoji \uFFFD\uFFFD"},
		{strings.Repeat("x", 1<<20), strings.Repeat("x", 39) + "…"},
	}
	for _, tt := range tests {
		measured = 0
		got := fitText(width, tt.in, 40)
		if got != tt.want {
			t.Errorf("fitText(%.20q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
