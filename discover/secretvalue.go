package discover

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/ecspack/ecspack/inventory"
)

// secretValuePattern is one test of an environment variable's value. The
// value is judged where discovery or import holds it, in memory, and only the
// pattern's name is stored (inventory.EnvironmentSecret): never the value,
// nor any part of it.
type secretValuePattern struct {
	name  string
	match func(v string) bool
}

// secretValuePatterns are tried in order; the first that matches names the
// verdict. The list is deliberately conservative — each is strong evidence
// of a credential written in plain text, so that a check can act on it:
//
//   - aws-access-key-id: AKIA (long-term) or ASIA (temporary) followed by 16
//     upper-case letters or digits, anywhere in the value.
//   - private-key: a PEM header "-----BEGIN … PRIVATE KEY-----" (RSA, EC,
//     OPENSSH, ENCRYPTED, PKCS #8).
//   - jwt: a JSON Web Token, three base64url parts of which the first two
//     are JSON objects ("eyJ…").
//   - password-in-url: scheme://user:password@host, unless the password is
//     a reference ("${DB_PASSWORD}", "$PW").
//   - aws-secret-access-key-shape: the whole value is 40 base64 characters
//     mixing upper case, lower case and digits (a secret access key's shape;
//     a hexadecimal commit id has no upper case and does not match).
//   - high-entropy-token: the whole value is one token of at least
//     minTokenLength base64 or base64url characters, mixing upper case, lower
//     case and digits, whose characters carry at least minTokenEntropy bits
//     each (Shannon). Words, identifiers, paths, ARNs, UUIDs, digests and
//     hexadecimal ids do not match (separators, a single case or low entropy).
var secretValuePatterns = []secretValuePattern{
	{inventory.PatternAWSAccessKeyID, regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`).MatchString},
	{inventory.PatternPrivateKey, regexp.MustCompile(`-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----`).MatchString},
	{inventory.PatternJWT, regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*`).MatchString},
	{inventory.PatternPasswordInURL, regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:[^/\s@$]+@`).MatchString},
	{inventory.PatternAWSSecretKey, func(v string) bool { return len(v) == 40 && awsSecretShape.MatchString(v) && mixesCases(v) }},
	{inventory.PatternHighEntropy, highEntropyToken},
}

var (
	awsSecretShape = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
	tokenChars     = regexp.MustCompile(`^[A-Za-z0-9+/_-]+=*$`)
)

const (
	// minTokenLength is the shortest value judged as a random token: API
	// keys and tokens are 32 characters or more; shorter values are too
	// often ordinary identifiers.
	minTokenLength = 32
	// minTokenEntropy is the Shannon entropy, in bits per character, above
	// which a token looks random: 32 random base62 characters carry about
	// 4.5, English words and identifiers under 4.
	minTokenEntropy = 4.0
)

// secretPattern returns the name of the first pattern the value matches, or
// "" when it looks like no secret.
func secretPattern(v string) string {
	v = strings.TrimSpace(v)
	if v == "" {
		return ""
	}
	for _, p := range secretValuePatterns {
		if p.match(v) {
			return p.name
		}
	}
	return ""
}

func highEntropyToken(v string) bool {
	return len(v) >= minTokenLength && tokenChars.MatchString(v) && mixesCases(v) && entropy(v) >= minTokenEntropy
}

// mixesCases reports whether v has an upper-case letter, a lower-case letter and a digit.
func mixesCases(v string) bool {
	var upper, lower, digit bool
	for _, r := range v {
		upper = upper || unicode.IsUpper(r)
		lower = lower || unicode.IsLower(r)
		digit = digit || unicode.IsDigit(r)
	}
	return upper && lower && digit
}

// entropy is the Shannon entropy of v's characters, in bits per character.
func entropy(v string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range v {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}
