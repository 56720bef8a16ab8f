package pdf

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// runeWidth measures one unit per rune, so widths read as column counts.
func runeWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) }

func TestBreakToken(t *testing.T) {
	// runeWidth counts breakMark as one column: avail 14 leaves 13 for the head.
	cases := []struct {
		word, head, tail string
		avail            float64
		force            bool
	}{
		{"abcdef", "abcdef", "", 10, false},
		{"abcdefghij", "", "abcdefghij", 4, false},                            // no separator: never inside a run of letters
		{"abcdefghij", "abc", "defghij", 4, true},                             // unless the word has a line of its own
		{"arn:aws:iam::123:role/x", "arn:aws:iam::", "123:role/x", 14, false}, // the last ':' that fits
		{"aaaaaaaaa/b", "", "aaaaaaaaa/b", 8, false},                          // the '/' does not fit
		{"ab/cdefghijkl", "ab/", "cdefghijkl", 8, false},                      // an early separator beats a break mid-word
		{"DOC-001.autoscaling", "DOC-001.", "autoscaling", 12, false},
		{"HTTPCode_Target_5XX_Count", "HTTPCode_Target_", "5XX_Count", 20, false},
		{"xyz", "", "xyz", 0.5, true},      // nothing fits
		{"αβγ.δε", "αβγ.", "δε", 5, false}, // runes, not bytes
	}
	for _, c := range cases {
		head, tail := breakToken(c.word, c.avail, runeWidth, c.force)
		if head != c.head || tail != c.tail {
			t.Errorf("breakToken(%q, %v, %v) = %q, %q; want %q, %q", c.word, c.avail, c.force, head, tail, c.head, c.tail)
		}
		if head != "" && head+tail != c.word {
			t.Errorf("breakToken(%q) lost characters", c.word)
		}
		if head != "" && tail != "" && runeWidth(head+breakMark) > c.avail {
			t.Errorf("breakToken(%q, %v): %q and the mark do not fit", c.word, c.avail, head)
		}
	}
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"a b", []string{"a", " ", "b"}},
		{"  a \t b  ", []string{" ", "a", " ", "b", " "}},
		{"x\ny", []string{"x", "\n", "y"}},
		{"", nil},
	}
	for _, c := range cases {
		if got := tokenize(c.in); strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("tokenize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestSlug(t *testing.T) {
	cases := map[string]string{
		"ECS-004 Task roles":       "ecs-004-task-roles",
		"  Evidence & proof!  ":    "evidence-proof",
		"Ελληνικά Über":            "ελληνικά-über",
		"--":                       "",
		"Spot (ECS-008): capacity": "spot-ecs-008-capacity",
	}
	for in, want := range cases {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestUniqueHeadingIDs(t *testing.T) {
	d, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{d.Heading(2, "Evidence"), d.Heading(2, "Evidence"), d.Heading(2, "---"),
		d.HeadingWithOptions(2, "Whatever", HeadingOptions{ID: "ECS-004"})}
	want := []string{"evidence", "evidence-2", "section", "ECS-004"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("ids %q, want %q", got, want)
	}
}
