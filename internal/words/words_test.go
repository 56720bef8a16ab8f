package words

import "testing"

func TestPluralAndCount(t *testing.T) {
	tests := []struct {
		n            int
		plural, want string
	}{
		{0, "controls", "0 controls"},
		{1, "control", "1 control"},
		{2, "controls", "2 controls"},
		{-1, "controls", "-1 controls"},
	}
	for _, tt := range tests {
		if got := Plural(tt.n, "control", "controls"); got != tt.plural {
			t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.plural)
		}
		if got := Count(tt.n, "control", "controls"); got != tt.want {
			t.Errorf("Count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestYesNoAndNumber(t *testing.T) {
	if YesNo(true) != "yes" || YesNo(false) != "no" {
		t.Errorf("YesNo(true), YesNo(false) = %q, %q", YesNo(true), YesNo(false))
	}
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{12, "12"},
		{0.5, "0.5"},
		{0.0000125, "0.0000125"},
		{1e21, "1000000000000000000000"},
		{-3.25, "-3.25"},
	}
	for _, tt := range tests {
		if got := Number(tt.f); got != tt.want {
			t.Errorf("Number(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestJoin(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"Acme", ""}, "Acme"},
		{[]string{"", "acme.example"}, "acme.example"},
		{[]string{"Acme", "acme.example"}, "Acme — acme.example"},
		{[]string{"Acme", "Acme"}, "Acme"},
		{[]string{"a", "b", "a", "", "c"}, "a — b — c"},
	}
	for _, tt := range tests {
		if got := Join(" — ", tt.parts...); got != tt.want {
			t.Errorf("Join(%q) = %q, want %q", tt.parts, got, tt.want)
		}
	}
}
