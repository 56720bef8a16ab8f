package textsafe

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/sfnt"
)

func TestSanitize(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"ASCII unchanged", "plain text\twith tab\nand newline", "plain text\twith tab\nand newline"},
		{"Latin, Greek, Cyrillic kept", "Café Ωμέγα Привет — “quotes” …", "Café Ωμέγα Привет — “quotes” …"},
		{"C0 controls", "a\x00b\x01c\x1bd\x7fe", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe"},
		{"C1 controls", "a\u0085b\u009bc", "a\uFFFDb\uFFFDc"},
		{"bidi overrides and isolates", "user\u202Egpj.exe \u2066x\u2069", "user\uFFFDgpj.exe \uFFFDx\uFFFD"},
		{"invisible format characters dropped", "zero\u200Bwidth\uFEFF join\u200D", "zerowidth join"},
		{"CJK run", "名前は 東京 です", "[unprintable: 7 CJK characters]"},
		{"CJK inside Latin", "service 注文サービス prod", "service [unprintable: 6 CJK characters] prod"},
		{"Hebrew", "שלום עולם!", "[unprintable: 8 Hebrew characters]!"},
		{"Arabic: harakat (combining marks) are not counted", "مَرحبا", "[unprintable: 5 Arabic characters]"},
		{"two scripts", "שלום東京", "[unprintable: 4 Hebrew characters][unprintable: 2 CJK characters]"},
		{"one symbol", "done ✓", "done [unprintable: 1 character]"},
		{"Thai named by Unicode", "ไทย", "[unprintable: 3 Thai characters]"},
		{"beyond BMP", "ok 😀", "ok \uFFFD"},
		{"invalid UTF-8", "a\xffb", "a\uFFFDb"},
		{"trailing space after a run kept", "東京 ", "[unprintable: 2 CJK characters] "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Sanitize(tt.in)
			if got != tt.want {
				t.Errorf("Sanitize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Sanitize(got); again != got {
				t.Errorf("not idempotent: %q → %q", got, again)
			}
			for _, r := range got {
				if r != '\t' && r != '\n' && r != '\r' && !hasGlyph(r) {
					t.Errorf("result %q holds %U, which the fonts cannot draw", got, r)
				}
			}
		})
	}
}

func TestUnprintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", ""},
		{"zero\u200Bwidth", ""},
		{"名前 \x01\u202E", "2 CJK characters, 1 control character, 1 bidirectional control character"},
		{"שלום", "4 Hebrew characters"},
		{"✓✓", "2 other characters"},
		{"東京チーム", "5 CJK characters"},
	}
	for _, tt := range tests {
		if got := Unprintable(tt.in); got != tt.want {
			t.Errorf("Unprintable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestControls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"東京 שלום مرحبا", "東京 שלום مرحبا"},
		{"tab\tline\nok", "tab\tline\nok"},
		{"a\x00b\u0090c\u202Ed\u2068e\xff", "a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFD"},
	}
	for _, tt := range tests {
		if got := Controls(tt.in); got != tt.want {
			t.Errorf("Controls(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShorten(t *testing.T) {
	long := strings.Repeat("a", 300) + "-tail"
	other := strings.Repeat("a", 299) + "b-tail"
	tests := []struct {
		name string
		in   string
		max  int
	}{
		{"ASCII", long, 64},
		{"other name with the same ends", other, 64},
		{"multi-byte", strings.Repeat("é", 1000), 50},
		{"megabyte", strings.Repeat("x", 1<<20), MaxName},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Shorten(tt.in, tt.max)
			if n := utf8.RuneCountInString(got); n != tt.max {
				t.Errorf("%d characters, want %d", n, tt.max)
			}
			if !utf8.ValidString(got) || !strings.Contains(got, "…[#") {
				t.Errorf("no visible mark or invalid UTF-8: %q", got)
			}
			if Shorten(tt.in, tt.max) != got {
				t.Errorf("not deterministic")
			}
			if prev, ok := seen[got]; ok {
				t.Errorf("%q and %q shorten to the same text", prev, tt.name)
			}
			seen[got] = tt.name
		})
	}
	if got := Shorten("short", 64); got != "short" {
		t.Errorf("short name changed: %q", got)
	}
	if !strings.HasSuffix(Shorten(long, 64), "-tail") {
		t.Errorf("end of the name lost: %q", Shorten(long, 64))
	}
}

// TestFontsShareRepertoire: hasGlyph reads the regular face only; every face
// the documents embed must draw the same characters.
func TestFontsShareRepertoire(t *testing.T) {
	for name, ttf := range map[string][]byte{"bold": gobold.TTF, "italic": goitalic.TTF, "bold italic": gobolditalic.TTF, "mono": gomono.TTF, "mono bold": gomonobold.TTF} {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			t.Fatal(err)
		}
		var b sfnt.Buffer
		for r := rune(0x20); r < 1<<16; r++ {
			g, _ := f.GlyphIndex(&b, r)
			if (g != 0) != hasGlyph(r) {
				t.Errorf("%s: %U glyph %v, regular %v", name, r, g != 0, hasGlyph(r))
			}
		}
	}
}

func FuzzSanitize(f *testing.F) {
	for _, s := range []string{"名前 \x01\u202E", "שלום עולם", "a\xff😀", "\u200B\u0301x", strings.Repeat("東 ", 50)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Sanitize(s)
		if Sanitize(got) != got {
			t.Fatalf("not idempotent: %q → %q", s, got)
		}
		for _, r := range got {
			if r != '\t' && r != '\n' && r != '\r' && !hasGlyph(r) {
				t.Fatalf("Sanitize(%q) = %q holds %U", s, got, r)
			}
		}
		if c := Controls(s); Controls(c) != c {
			t.Fatalf("Controls not idempotent on %q", s)
		}
	})
}
