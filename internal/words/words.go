// Package words is how counts, booleans and numbers read in the sentences
// ecspack prints (findings, the reviewer PDF, the workbook, the CLI), written
// once so that every stage says "1 control" and "3 controls" the same way.
package words

import (
	"slices"
	"strconv"
	"strings"
)

// Plural returns one when n is 1 and many otherwise, for sentences that
// print the count themselves or not at all.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Count returns n followed by the word that agrees with it: "1 control",
// "0 controls", "3 controls".
func Count(n int, one, many string) string {
	return strconv.Itoa(n) + " " + Plural(n, one, many)
}

// YesNo is how a boolean fact reads in a table cell or a sentence.
func YesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// Number prints f in the fewest digits that read back as f, without an
// exponent ("0.5", "12", "0.0000125"), so prices and sizes print as the
// price table wrote them.
func Number(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// Join joins the parts that say something, each once: empty parts and
// repeats are left out, so a missing legal name or a website equal to the
// name never prints "Acme — " or "Acme — Acme".
func Join(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
