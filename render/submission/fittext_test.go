package submission

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecspack/ecspack/render/textsafe"
)

// TestFitTextHostile: the matrix's own text fitting (customer names in the
// column headers) prints what the fonts can draw and stays cheap for a
// megabyte-long name. Cheap is measured as work, not wall time (a busy
// machine makes any time bound flaky): the runes fitText asks the font to
// measure stay within what a name cut to textsafe.MaxName can cost.
func TestFitTextHostile(t *testing.T) {
	const budget = (textsafe.MaxName + 2) * (textsafe.MaxName + 2)
	measured := 0
	width := func(s string) float64 {
		n := utf8.RuneCountInString(s)
		measured += n
		if measured > budget {
			t.Fatalf("fitText measured %d runes, more than %d: its work grows with the input", measured, budget)
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
