// Package redact anonymises a casefile and its inventory snapshots so that a
// partner can publish a case study without naming the customer: account ids
// (and so the account part of every ARN), IPv4 and IPv6 addresses and CIDRs,
// the customer's name and legal entity (and the distinctive words of them),
// the customer's contacts, configured tag values and any extra terms are
// replaced by pseudonyms.
//
// Redaction works on the data, before the assessment, so every output made
// from it (PDF, XLSX, SVG, DOT, JSON) carries the same pseudonyms by
// construction. Pseudonyms are derived from a secret key with a keyed hash, so
// the same key gives the same pseudonyms on every build and nobody without the
// key (or the map file, see WriteMapFile) can invert them by brute force.
//
// Addresses keep their meaning: private addresses stay private and in their
// RFC 1918 block, the mapping preserves prefixes (a subnet stays inside its
// VPC), public addresses move to the documentation ranges, and 0.0.0.0/0, ::/0,
// loopback and link-local addresses are kept because they identify nobody.
package redact

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kinds of pseudonyms, as recorded in the map file.
const (
	KindAccount = "account"
	KindIP      = "ip"
	KindName    = "customer"
	KindContact = "contact"
	KindTag     = "tag"
	KindTerm    = "term"
)

// DefaultTagKeys are the tag keys whose values are replaced when
// Options.TagKeys is nil: the keys partners commonly use for the customer,
// people and billing. Keys compare case-insensitively. A value is replaced
// in the tag and, when at least three letters long, wherever it occurs as a
// word — so keys whose values are ordinary words ("team": "payments") are
// left out, or every "payments" in the answers would be replaced too.
var DefaultTagKeys = []string{
	"customer", "client", "owner", "contact", "email",
	"costcenter", "cost-center", "cost_center", "billing", "created-by", "createdby",
}

// Options configure a Redactor.
type Options struct {
	// Key is the secret the pseudonyms are derived from. The same key gives
	// the same pseudonyms; keep it (it is stored in the map file) to rebuild
	// identically. An empty key uses a fixed, public one: fine for tests, not
	// for publishing (IPv4 addresses could then be recovered by brute force).
	Key []byte
	// All redacts every case study; otherwise Casefile redacts only the case
	// studies with redact: true (or all when the casefile sets it).
	All bool
	// TagKeys are the tag keys whose values are replaced; nil means DefaultTagKeys.
	TagKeys []string
	// Terms are extra words or phrases to replace wherever they occur (a
	// project code name, an acronym of the customer), case-insensitively.
	Terms []string
}

// Pair is one original and the pseudonym that replaced it.
type Pair struct {
	Kind      string `json:"kind"`
	Original  string `json:"original"`
	Pseudonym string `json:"pseudonym"`
}

// Redactor holds the mapping of one build. It is not safe for concurrent use.
type Redactor struct {
	opts    Options
	key     []byte
	tagKeys map[string]bool

	// forward maps kind+"\x00"+original to the pseudonym; reverse maps
	// kind+"\x00"+pseudonym to the original, to keep pseudonyms unique.
	forward map[string]string
	reverse map[string]string
	used    map[string]Pair // pairs that replaced something, by kind+original

	literals []literal
	litRE    *regexp.Regexp
	litByKey map[string]int // index into literals, by lower-case text
	// originals are every account id and address seen as an original, so a
	// pseudonym never equals one of them.
	originals map[string]bool
}

// literal is a word or phrase replaced wherever it occurs as a whole word.
type literal struct {
	text  string
	kind  string
	human string // replacement in prose
	slug  string // replacement inside identifiers (lower case)
}

// New returns a Redactor with an empty mapping.
func New(opts Options) *Redactor {
	key := opts.Key
	if len(key) == 0 {
		key = []byte("ecspack-redact-public-key")
	}
	tk := opts.TagKeys
	if tk == nil {
		tk = DefaultTagKeys
	}
	r := &Redactor{
		opts: opts, key: key, tagKeys: map[string]bool{},
		forward: map[string]string{}, reverse: map[string]string{}, used: map[string]Pair{},
		litByKey: map[string]int{}, originals: map[string]bool{},
	}
	for _, k := range tk {
		r.tagKeys[strings.ToLower(k)] = true
	}
	for _, t := range opts.Terms {
		r.addLiteral(t, KindTerm, "", "")
	}
	return r
}

// Text redacts a string: every known word or phrase, every 12-digit account
// id and every IP address or CIDR it contains.
func (r *Redactor) Text(s string) string { return r.text(s, true) }

// Mapping lists every replacement made so far, sorted by kind and original:
// the content of the map file.
func (r *Redactor) Mapping() []Pair {
	out := make([]Pair, 0, len(r.used))
	for _, p := range r.used {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b Pair) int {
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
		return strings.Compare(a.Original, b.Original)
	})
	return out
}

// text redacts s; full also replaces account ids and addresses never seen
// before (for content being redacted), otherwise only known ones (for content
// of case studies that are not redacted, which must still not reveal the
// redacted ones).
func (r *Redactor) text(s string, full bool) string {
	if s == "" {
		return s
	}
	s = r.replaceLiterals(s)
	if strings.ContainsAny(s, "0123456789:") {
		s = r.replaceNumbers(s, full)
	}
	return s
}

// hash is the keyed hash every pseudonym is derived from.
func (r *Redactor) hash(parts ...string) [32]byte {
	m := hmac.New(sha256.New, r.key)
	for _, p := range parts {
		var n [4]byte
		binary.BigEndian.PutUint32(n[:], uint32(len(p)))
		m.Write(n[:])
		m.Write([]byte(p))
	}
	var out [32]byte
	copy(out[:], m.Sum(nil))
	return out
}

// pseudonym returns the pseudonym of original, making one with gen (called
// with attempt 0, 1, ... until the result is unused) the first time.
// With avoidOriginals, a pseudonym is never one of the originals seen so far.
func (r *Redactor) pseudonym(kind, original string, avoidOriginals bool, gen func(attempt int) string) string {
	k := kind + "\x00" + original
	p, ok := r.forward[k]
	if !ok {
		for attempt := 0; ; attempt++ {
			p = gen(attempt)
			if p == original {
				break // a value that maps to itself (kept as it is)
			}
			if _, taken := r.reverse[kind+"\x00"+p]; !taken && (!avoidOriginals || !r.originals[p]) {
				break
			}
			if attempt > 1000 {
				p = fmt.Sprintf("%s-%d", p, attempt)
				break
			}
		}
		r.forward[k] = p
		r.reverse[kind+"\x00"+p] = original
	}
	if p != original {
		r.used[k] = Pair{Kind: kind, Original: original, Pseudonym: p}
	}
	return p
}

// account returns the pseudonym of a 12-digit account id: another 12-digit number.
func (r *Redactor) account(id string) string {
	r.originals[id] = true
	return r.pseudonym(KindAccount, id, true, func(attempt int) string {
		h := r.hash(KindAccount, id, fmt.Sprint(attempt))
		n := binary.BigEndian.Uint64(h[:8]) % 1_000_000_000_000
		return fmt.Sprintf("%012d", n)
	})
}

// addLiteral registers a phrase to replace. human and slug default to a
// keyed pseudonym of the phrase.
func (r *Redactor) addLiteral(text, kind, human, slug string) {
	text = strings.TrimSpace(text)
	if utf8.RuneCountInString(text) < 3 {
		return
	}
	lk := strings.ToLower(text)
	if _, ok := r.litByKey[lk]; ok {
		return
	}
	if human == "" {
		h := r.hash(kind, lk)
		human = fmt.Sprintf("%s-%x", kind, h[:4])
	}
	if slug == "" {
		slug = slugify(human)
	}
	r.literals = append(r.literals, literal{text: text, kind: kind, human: human, slug: slug})
	r.litByKey[lk] = len(r.literals) - 1
	r.litRE = nil
}

func (r *Redactor) compileLiterals() {
	if r.litRE != nil || len(r.literals) == 0 {
		return
	}
	alts := make([]string, len(r.literals))
	for i, l := range r.literals {
		alts[i] = regexp.QuoteMeta(l.text)
	}
	// Longest first, so "Northwind Freight GmbH" wins over "Northwind".
	slices.SortFunc(alts, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	r.litRE = regexp.MustCompile(`(?i)` + strings.Join(alts, "|"))
}

// replaceLiterals replaces every registered phrase occurring as a whole word.
// In prose a name becomes its human pseudonym ("Customer A"); inside an
// identifier (next to - _ . / : @, or all lower or upper case) its slug
// ("customer-a"), so resource names stay valid names.
func (r *Redactor) replaceLiterals(s string) string {
	r.compileLiterals()
	if r.litRE == nil {
		return s
	}
	locs := r.litRE.FindAllStringIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, loc := range locs {
		i, j := loc[0], loc[1]
		if wordChar(lastRune(s[:i])) || wordChar(firstRune(s[j:])) {
			continue
		}
		m := s[i:j]
		li, ok := r.litByKey[strings.ToLower(m)]
		if !ok {
			li = slices.IndexFunc(r.literals, func(l literal) bool { return strings.EqualFold(l.text, m) })
			if li < 0 {
				continue
			}
		}
		l := r.literals[li]
		b.WriteString(s[last:i])
		rep := l.human
		if identContext(s, i, j) {
			rep = l.slug
			switch {
			case m == strings.ToUpper(m) && m != strings.ToLower(m):
				rep = strings.ToUpper(rep)
			case m != strings.ToLower(m):
				rep = camel(rep)
			}
		}
		b.WriteString(rep)
		r.used[l.kind+"\x00"+l.text] = Pair{Kind: l.kind, Original: l.text, Pseudonym: l.human}
		last = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// identContext reports whether s[i:j] sits inside an identifier rather than prose.
func identContext(s string, i, j int) bool {
	const sep = "-_./:@"
	if p := lastRune(s[:i]); p > 0 && strings.ContainsRune(sep, p) {
		return true
	}
	if n := firstRune(s[j:]); n > 0 && strings.ContainsRune(sep, n) {
		return true
	}
	m := s[i:j]
	return !strings.ContainsRune(m, ' ') && m == strings.ToLower(m)
}

func wordChar(c rune) bool { return c > 0 && (unicode.IsLetter(c) || unicode.IsDigit(c)) }

func lastRune(s string) rune {
	if s == "" {
		return 0
	}
	c, _ := utf8.DecodeLastRuneInString(s)
	return c
}

func firstRune(s string) rune {
	if s == "" {
		return 0
	}
	c, _ := utf8.DecodeRuneInString(s)
	return c
}

// slugify lower-cases s and joins its letters and digits with hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		if c < 128 && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// camel turns a slug into CamelCase: "customer-a" → "CustomerA".
func camel(slug string) string {
	var b strings.Builder
	for _, part := range strings.Split(slug, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
