package redact

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

// Snapshot returns a redacted deep copy of a snapshot: account ids (also
// inside ARNs, image URIs and policy documents), addresses and CIDRs, the
// values of the configured tag keys and every known name are replaced in
// every string field. The original is not modified.
func (r *Redactor) Snapshot(s *inventory.Snapshot) *inventory.Snapshot {
	if s == nil {
		return nil
	}
	r.learnTags(s)
	w := &walker{r: r, full: true}
	return w.copy(reflect.ValueOf(s), "").Interface().(*inventory.Snapshot)
}

// Casefile returns a redacted deep copy of a casefile. The case studies
// redacted are all of them with Options.All or the casefile's redact: true,
// otherwise those with redact: true. In them every string is redacted —
// customer, summary, answers (Markdown included), accounts, WAFR, cost notes,
// contacts and the inventory snapshots; in the rest of the casefile (the
// partner, its answers, other case studies) the names, account ids and
// addresses of the redacted case studies are replaced wherever they occur.
//
// The partner-level paths the later stages read files from (Dir, File,
// SOPs, Prices) are kept; the paths of redacted case studies are redacted,
// since they often carry the customer's name — so their attachments can no
// longer be opened, which keeps images (which cannot be anonymised) out of
// the package.
func (r *Redactor) Casefile(cf *evidence.Casefile) *evidence.Casefile {
	if cf == nil {
		return nil
	}
	all := r.opts.All || cf.Redact
	redacted := func(cs *evidence.CaseStudy) bool { return all || cs.Redact }
	contact := 0
	for i, cs := range cf.CaseStudies {
		if redacted(cs) {
			r.learnCase(i, cs, &contact)
		}
	}
	cases := make([]*evidence.CaseStudy, len(cf.CaseStudies))
	// Redacted case studies first, so the account ids and addresses they
	// hold are known when the rest is searched for them.
	for _, pass := range []bool{true, false} {
		for i, cs := range cf.CaseStudies {
			if redacted(cs) == pass {
				cases[i] = r.caseStudy(cs, pass)
			}
		}
	}
	w := &walker{r: r, full: all, keep: map[reflect.Type][]string{
		reflect.TypeFor[evidence.Casefile](): {"Dir", "File", "SOPs", "Prices", "CaseStudies"},
		reflect.TypeFor[evidence.Answer]():   {"File"},
	}}
	out := w.copy(reflect.ValueOf(cf), "").Interface().(*evidence.Casefile)
	out.CaseStudies = cases
	return out
}

// Redacts reports whether Casefile redacts anything of cf under opts: any
// case study is to be redacted.
func Redacts(cf *evidence.Casefile, all bool) bool {
	if cf == nil {
		return false
	}
	if all || cf.Redact {
		return len(cf.CaseStudies) > 0
	}
	for _, cs := range cf.CaseStudies {
		if cs.Redact {
			return true
		}
	}
	return false
}

func (r *Redactor) caseStudy(cs *evidence.CaseStudy, full bool) *evidence.CaseStudy {
	w := &walker{r: r, full: full, keep: map[reflect.Type][]string{
		reflect.TypeFor[evidence.CaseStudy](): {"Dir", "File"},
		reflect.TypeFor[evidence.Answer]():    {"File"},
	}}
	out := w.copy(reflect.ValueOf(cs), "").Interface().(*evidence.CaseStudy)
	if full {
		out.Redact = true // tells renderers to leave out what cannot be anonymised (images)
	}
	out.Dir = r.path(cs.Dir, full)
	out.File = r.path(cs.File, full)
	for id, a := range cs.Answers {
		if oa := out.Answers[r.text(id, full)]; oa != nil {
			oa.File = r.path(a.File, full)
		}
	}
	return out
}

// path redacts a path of a case study. The whole path is redacted, not
// only the part below the casefile directory: a renderer that cannot open a
// file prints its path, and the casefile may well live in a directory named
// after the customer. Paths of case studies not redacted are kept, so their
// attachments still open.
func (r *Redactor) path(p string, full bool) string {
	if !full {
		return p
	}
	return r.text(p, true)
}

// learnCase registers the phrases of one redacted case study: the customer's
// names and their distinctive words, its contacts and its tag values.
func (r *Redactor) learnCase(i int, cs *evidence.CaseStudy, contact *int) {
	letter := customerLetter(i)
	human := strings.TrimSpace(cs.Customer.PublicName)
	if human == "" {
		human = "Customer " + letter
	}
	slug := "customer-" + strings.ToLower(letter)
	for _, n := range []string{cs.Customer.Name, cs.Customer.LegalEntity} {
		r.addLiteral(n, KindName, human, slug)
	}
	for _, word := range nameWords(cs.Customer.Name + " " + cs.Customer.LegalEntity) {
		r.addLiteral(word, KindName, human, slug)
	}
	for j, c := range cs.Contacts {
		*contact++
		r.addLiteral(c.Name, KindContact, fmt.Sprintf("Contact %s%d", letter, j+1), "")
		email := fmt.Sprintf("contact-%s%d@%s.example", strings.ToLower(letter), j+1, slug)
		r.addLiteral(c.Email, KindContact, email, email)
		phone := fmt.Sprintf("+1-555-01%02d", *contact%100)
		r.addLiteral(c.Phone, KindContact, phone, phone)
		phone = fmt.Sprintf("+1-555-02%02d", *contact%100)
		r.addLiteral(c.Phone24x7, KindContact, phone, phone)
	}
	// A waiver's approver is a person at the customer: the name before
	// the role ("Jane Doe (CISO)") is replaced, the role kept.
	for j, w := range cs.Waivers {
		name, _, _ := strings.Cut(w.Approver, "(")
		name, _, _ = strings.Cut(name, ",")
		r.addLiteral(strings.TrimSpace(name), KindContact, fmt.Sprintf("Approver %s%d", letter, j+1), "")
	}
	if cs.Inventory != nil {
		r.learnTags(cs.Inventory)
	}
}

// learnTags registers the values of the configured tag keys found in s.
func (r *Redactor) learnTags(s *inventory.Snapshot) {
	visitTags(reflect.ValueOf(s), func(k, v string) {
		if r.tagKeys[strings.ToLower(k)] {
			r.addLiteral(v, KindTag, "", "")
		}
	})
}

// tagValue is the pseudonym of a configured tag's value, even a short one.
func (r *Redactor) tagValue(v string) string {
	if v == "" {
		return v
	}
	if i, ok := r.litByKey[strings.ToLower(strings.TrimSpace(v))]; ok {
		l := r.literals[i]
		r.used[l.kind+"\x00"+l.text] = Pair{Kind: l.kind, Original: l.text, Pseudonym: l.human}
		return l.human
	}
	h := r.hash(KindTag, strings.ToLower(v))
	p := fmt.Sprintf("%s-%x", KindTag, h[:4])
	r.used[KindTag+"\x00"+v] = Pair{Kind: KindTag, Original: v, Pseudonym: p}
	return p
}

// customerLetter names the i-th case study's customer: A … Z, then AA, AB …
func customerLetter(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// nameWords returns the distinctive words of a company name: not legal
// forms, not generic industry words, at least three letters.
func nameWords(name string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(name, func(c rune) bool { return !unicode.IsLetter(c) && !unicode.IsDigit(c) }) {
		if len([]rune(w)) < 3 || commonWords[strings.ToLower(w)] {
			continue
		}
		out = append(out, w)
	}
	return out
}
