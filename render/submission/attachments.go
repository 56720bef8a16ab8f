package submission

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/render/pdf"
)

// MaxListingSize is the largest attached text file printed in full as a
// line-numbered listing (about 6,000 lines, some 90 pages). A larger one is
// still embedded in the PDF and copied into the package; the appendix says
// it is not printed and why.
const MaxListingSize = 256 << 10

// partnerDir is the folder below OUTDIR/attachments/ of the files cited by
// partner-level answers. A case study id cannot contain a dot, so it never
// names a case study's folder.
const partnerDir = "partner.level"

// Attachment is one file the casefile cites: named in an answer's
// `attachments:` front matter, or linked (or shown as an image) from an
// answer's Markdown and found inside the case study (or casefile) directory.
// The reviewer PDF prints and embeds it, the pipeline copies it into the
// package; both read these bytes, so the PDF, the copy and the manifest's
// checksum agree.
type Attachment struct {
	// CaseID is the case study whose answers cite the file, "" for the
	// partner-level answers.
	CaseID string
	// Path is the file's slash-separated path below the case study (or
	// casefile) directory, as cited.
	Path string
	// Content is the file's bytes, nil when it is not included.
	Content []byte
	// SHA256 is the hex checksum of Content.
	SHA256 string
	// Missing says why the file is not included ("it is 300 MiB, over the
	// 256 MiB limit for an attachment"); "" when it is.
	Missing string
	// Citations are the answers citing the file, in catalog-id order.
	Citations []Citation
	// Redacted is set when Content is not the file's own bytes but its
	// text redacted like the answers' (see Redact).
	Redacted bool
}

// IsText reports whether the file is included and prints as text: the
// kind of content a redacted build can rewrite.
func (a *Attachment) IsText() bool {
	return a.Missing == "" && imageKind(a.Path) == "" && isText(a.Content)
}

// Redact replaces the content of an included text file with redact(text)
// and its checksum with the new content's: a redacted build passes the
// files of the case studies it keeps, and of the partner-level answers,
// through the same replacement as their answers, so a customer's name it
// hides cannot reappear in an attached runbook. The appendix says so.
func (a *Attachment) Redact(redact func(string) string) {
	a.Content = []byte(redact(string(a.Content)))
	h := sha256.Sum256(a.Content)
	a.SHA256, a.Redacted = hex.EncodeToString(h[:]), true
}

// Citation is one answer citing an attached file, or (Control "") the
// case study's case.yaml naming it as its Well-Architected review report.
type Citation struct {
	Control string
	// Listed is true when the answer's front matter lists the file, false
	// when its Markdown links to it.
	Listed bool
	// Shown is true when the answer prints the file as an image.
	Shown bool
}

// Name is the file's name in the package, below OUTDIR/attachments/ and
// as embedded in the PDF: "<case-id>/<path>" ("partner.level/<path>" for
// partner-level answers).
func (a *Attachment) Name() string {
	return path.Join(cmp.Or(a.CaseID, partnerDir), a.Path)
}

// OutPath is where the pipeline copies the file, relative to OUTDIR.
func (a *Attachment) OutPath() string { return path.Join("attachments", a.Name()) }

// Shown reports whether an answer prints the file as an image.
func (a *Attachment) Shown() bool {
	return slices.ContainsFunc(a.Citations, func(c Citation) bool { return c.Shown })
}

// Attachments are the files a casefile cites, in casefile order (partner
// level first, then each case study, files by path).
type Attachments struct {
	Files []*Attachment
	index map[string]*Attachment // by attachmentAnchor
}

// Lookup returns the attachment a case study's (or, with caseID "", the
// partner-level) answer cites as rel, or nil.
func (as *Attachments) Lookup(caseID, rel string) *Attachment {
	if as == nil {
		return nil
	}
	p, ok := citedPath(rel)
	if !ok {
		return nil
	}
	return as.index[attachmentAnchor(caseID, p)]
}

// LookupLink is Lookup for a Markdown link destination (URL-escaped,
// perhaps with a fragment).
func (as *Attachments) LookupLink(caseID, dest string) *Attachment {
	p, ok := linkedPath(dest)
	if !ok {
		return nil
	}
	return as.Lookup(caseID, p)
}

// attachmentAnchor is the anchor of a file's entry in the Attachments
// appendix.
func attachmentAnchor(caseID, p string) string {
	if caseID == "" {
		return "attachment/partner/" + p
	}
	return "attachment/case/" + caseID + "/" + p
}

// CollectAttachments reads every file the casefile cites, once. A file
// that cannot be included (unreadable, too large, of a redacted case study)
// is kept with the reason in Missing, so every output names it. Markdown
// links count only when they lead to an existing file inside the directory
// the answer's images are read from; other links are not citations.
func CollectAttachments(ctx context.Context, cf *evidence.Casefile) (*Attachments, error) {
	as := &Attachments{index: map[string]*Attachment{}}
	if err := as.collect(ctx, "", cf.Dir, cf.Answers, "", cf.Redact); err != nil {
		return nil, err
	}
	for _, cs := range cf.CaseStudies {
		wafr := ""
		if cs.WAFR != nil {
			wafr = cs.WAFR.Report
		}
		if err := as.collect(ctx, cs.ID, cs.Dir, cs.Answers, wafr, cs.Redact || cf.Redact); err != nil {
			return nil, err
		}
	}
	return as, nil
}

// collect adds the files one scope's answers cite, and its WAFR report.
func (as *Attachments) collect(ctx context.Context, caseID, base string, answers map[string]*evidence.Answer, wafr string, redacted bool) error {
	ids := make([]string, 0, len(answers))
	for id := range answers {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var files []*Attachment
	cite := func(rel string, c Citation) {
		p, ok := citedPath(rel)
		if !ok {
			return
		}
		key := attachmentAnchor(caseID, p)
		a := as.index[key]
		if a == nil {
			a = &Attachment{CaseID: caseID, Path: p}
			as.index[key] = a
			files = append(files, a)
		}
		if i := slices.IndexFunc(a.Citations, func(o Citation) bool { return o.Control == c.Control }); i >= 0 {
			a.Citations[i].Listed = a.Citations[i].Listed || c.Listed
			a.Citations[i].Shown = a.Citations[i].Shown || c.Shown
			return
		}
		a.Citations = append(a.Citations, c)
	}
	for _, id := range ids {
		ans := answers[id]
		for _, rel := range ans.Attachments {
			cite(rel, Citation{Control: id, Listed: true, Shown: imageKind(rel) != ""})
		}
		for _, l := range markdownFiles(ans.Text()) {
			if p, ok := linkedPath(l.dest); ok && existsBelow(base, p) {
				cite(p, Citation{Control: id, Shown: l.image})
			}
		}
	}
	if wafr != "" {
		cite(wafr, Citation{Listed: true})
	}
	slices.SortStableFunc(files, func(a, b *Attachment) int { return strings.Compare(a.Path, b.Path) })
	for _, a := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		switch {
		case redacted && caseID == "":
			a.Missing = "the package is redacted, and an attached file cannot be anonymised"
		case redacted:
			a.Missing = "the case study is redacted, and an attached file cannot be anonymised"
		default:
			a.Content, a.Missing = readAttachment(base, a.Path)
		}
		if a.Missing == "" {
			h := sha256.Sum256(a.Content)
			a.SHA256 = hex.EncodeToString(h[:])
		}
		as.Files = append(as.Files, a)
	}
	return nil
}

// citedPath is the path of a file an answer's front matter lists, cleaned
// and slash-separated, when it can name a file inside a directory: not
// empty, not absolute, no "..".
func citedPath(rel string) (string, bool) {
	rel = strings.TrimPrefix(rel, "./")
	if rel == "" || strings.HasPrefix(rel, "/") || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return "", false
	}
	return path.Clean(rel), true
}

// linkedPath is the path of the file a Markdown link destination names:
// no URL scheme or host, no bare fragment; the path is unescaped and a
// fragment or query ("template.yaml#L12") dropped. Then as citedPath.
func linkedPath(dest string) (string, bool) {
	if dest == "" || strings.HasPrefix(dest, "#") {
		return "", false
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return "", false
	}
	return citedPath(u.Path)
}

// existsBelow reports whether p names something (a file, or anything
// readAttachment will then name as not included) below base.
func existsBelow(base, p string) bool {
	_, err := os.Lstat(filepath.Join(base, filepath.FromSlash(p)))
	return err == nil
}

// readAttachment reads a cited file through the same guard as an answer's
// images (no symbolic link, regular files only, no hard link), bounded by
// evidence.MaxAttachmentSize. It returns the reason instead of the bytes
// when the file cannot be included.
func readAttachment(base, p string) ([]byte, string) {
	f, err := openBelow(base, p, evidence.MaxAttachmentSize)
	if err == nil {
		defer f.Close()
		var b []byte
		if b, err = io.ReadAll(f); err == nil {
			return b, ""
		}
	}
	if errors.Is(err, safefile.ErrTooLarge) {
		if st, serr := os.Stat(filepath.Join(base, filepath.FromSlash(p))); serr == nil {
			return nil, fmt.Sprintf("it is %s, over the %s limit for an attachment", safefile.Size(st.Size()), safefile.Size(evidence.MaxAttachmentSize))
		}
		return nil, fmt.Sprintf("it is over the %s limit for an attachment", safefile.Size(evidence.MaxAttachmentSize))
	}
	var se *safefile.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, "it does not exist"
	case errors.Is(err, fs.ErrPermission):
		return nil, "it cannot be read (permission denied)"
	case errors.Is(err, errOutside), errors.Is(err, safefile.ErrOutside):
		// safefile's reason names the resolved folder: no machine path in the PDF.
		return nil, "it is a symbolic link or leads outside the folder it is cited from"
	case errors.As(err, &se) && (errors.Is(err, safefile.ErrNotRegular) || errors.Is(err, safefile.ErrHardLink)):
		return nil, "it " + se.Reason
	}
	return nil, "it cannot be read"
}

// mdFile is a link or image destination in an answer's Markdown.
type mdFile struct {
	dest  string
	image bool
}

// markdownFiles lists the link and image destinations of Markdown source,
// in document order.
func markdownFiles(src []byte) []mdFile {
	root := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader(src))
	var out []mdFile
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			out = append(out, mdFile{dest: string(n.Destination)})
		case *ast.Image:
			out = append(out, mdFile{dest: string(n.Destination), image: true})
		}
		return ast.WalkContinue, nil
	})
	return out
}

// attachmentLinks wraps an answer's link resolver: a link to a file the
// answer cites goes to the file's entry in the Attachments appendix.
func (r *renderer) attachmentLinks(caseID string, next func(string) (string, bool)) func(string) (string, bool) {
	return func(dest string) (string, bool) {
		if a := r.atts.LookupLink(caseID, dest); a != nil {
			return attachmentAnchor(a.CaseID, a.Path), true
		}
		return next(dest)
	}
}

// citedBy lists the files an answer cites: those its front matter lists,
// in that order, then those its Markdown links to, by path.
func (r *renderer) citedBy(caseID string, ans *evidence.Answer) []string {
	if ans == nil || r.atts == nil {
		return nil
	}
	out := slices.Clone(ans.Attachments)
	for _, a := range r.atts.Files {
		if a.CaseID != caseID || slices.Contains(out, a.Path) {
			continue
		}
		if slices.ContainsFunc(a.Citations, func(c Citation) bool { return c.Control == ans.ControlID && !c.Listed }) {
			out = append(out, a.Path)
		}
	}
	return out
}

// citation is a cited file as an answer prints it: its path, linked to its
// entry in the Attachments appendix, and the reason when it is not included.
func (r *renderer) citation(caseID, rel string) []pdf.Span {
	a := r.atts.Lookup(caseID, rel)
	if a == nil {
		return []pdf.Span{{Text: rel, Mono: true}}
	}
	spans := []pdf.Span{{Text: rel, Mono: true, Anchor: attachmentAnchor(a.CaseID, a.Path)}}
	if a.Missing != "" {
		spans = append(spans, pdf.Span{Text: " (not included: " + a.Missing + ")", Italic: true, Colour: &pdf.Red})
	}
	return spans
}
