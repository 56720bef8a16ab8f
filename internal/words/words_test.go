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
