// Package words is how counts, booleans and numbers read in the sentences
// ecspack prints (findings, the reviewer PDF, the workbook, the CLI), written
// once so that every stage says "1 control" and "3 controls" the same way.
package words

import "strconv"

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
