package submission

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/render/pdf"
)

// errOutside is a path an answer may not read: it escapes the case study
// directory (absolute, "..", or through a symbolic link). It aborts the
// document (pdf.ErrFatal) so the partner learns which answer to fix instead
// of shipping a package with a hole in it.
var errOutside = errors.New("is outside the case study directory")

// errRedactedImage explains why an image of a redacted case study is missing.
var errRedactedImage = errors.New("images are left out of a redacted case study")

// imageOpener returns the MarkdownOptions.OpenImage of one answer: images are
// read only from regular files inside base, never through a symbolic link;
// remote images are not fetched.
//
// In a redacted case study no image is shown: a screenshot cannot be
// anonymised, so it is left out with a note rather than printed.
func imageOpener(base, file string, redacted bool) func(dest string) (io.Reader, string, error) {
	return func(dest string) (io.Reader, string, error) {
		if redacted {
			return nil, "", errRedactedImage
		}
		if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
			return nil, "", fmt.Errorf("remote image %s is not fetched; attach the file instead", dest)
		}
		f, err := openInside(base, dest)
		if err != nil {
			if errors.Is(err, errOutside) || errors.Is(err, errHostile) {
				return nil, "", fmt.Errorf("%w: %s: image %q %v", pdf.ErrFatal, file, dest, err)
			}
			return nil, "", err
		}
		return f, imageKind(dest), nil
	}
}

// openInside opens rel (slash-separated, possibly URL-escaped) below base,
// refusing absolute paths, "..", symbolic links and non-regular files.
func openInside(base, rel string) (io.ReadCloser, error) {
	if un, err := url.PathUnescape(rel); err == nil {
		rel = un
	}
	rel = strings.TrimPrefix(rel, "./")
	f, err := openBelow(base, rel, MaxImageSize)
	if err != nil {
		var se *safefile.Error
		switch {
		case errors.Is(err, errOutside):
			return nil, err
		case errors.Is(err, safefile.ErrOutside):
			return nil, fmt.Errorf("%w (%s leads out of it)", errOutside, rel)
		case errors.Is(err, fs.ErrNotExist), errors.Is(err, fs.ErrPermission):
			return nil, fileProblem(rel, err)
		case errors.As(err, &se) && (errors.Is(err, safefile.ErrNotRegular) || errors.Is(err, safefile.ErrTooLarge) || errors.Is(err, safefile.ErrHardLink)):
			return nil, fmt.Errorf("%w: %s %s", errHostile, rel, se.Reason)
		}
		return nil, fileProblem(rel, err)
	}
	return f, nil
}

// openBelow opens the slash-separated path rel below base through the
// guarded reader with the bound max, refusing absolute paths, ".." and
// symbolic links (errOutside); other errors are the file system's and
// safefile's, unwrapped, for the caller to word.
func openBelow(base, rel string, max int64) (*safefile.File, error) {
	p := filepath.FromSlash(rel)
	if rel == "" || filepath.IsAbs(p) || strings.HasPrefix(rel, "/") || !filepath.IsLocal(p) {
		return nil, errOutside
	}
	cur := base
	for _, part := range strings.Split(filepath.Clean(p), string(filepath.Separator)) {
		cur = filepath.Join(cur, part)
		st, err := os.Lstat(cur)
		if err != nil {
			return nil, err
		}
		if st.Mode()&os.ModeSymlink != 0 {
			return nil, fmt.Errorf("%w (%s is a symbolic link)", errOutside, rel)
		}
	}
	// The guarded reader opens without blocking and refuses what is not a
	// regular file (a FIFO would hang the build), a file past the bound (by
	// fstat, before reading) and a hard-linked file (possibly another name
	// of a file outside).
	return safefile.OpenIn(base, cur, max)
}

// MaxImageSize bounds an image file of an answer, checked with fstat before
// it is read; it matches the PDF engine's own bound on image data.
const MaxImageSize = 64 << 20

// errHostile is an image that is no image file at all (a FIFO, device or
// folder), too large to be one, or hard-linked: like errOutside it aborts
// the document, naming the answer.
var errHostile = errors.New("cannot be an image file")

// fileProblem describes a file error by the casefile-relative name only: the
// PDF must not print paths of the machine that built it.
func fileProblem(rel string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s does not exist", rel)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("%s cannot be read (permission denied)", rel)
	}
	return fmt.Errorf("%s cannot be read", rel)
}

// imageKind is the image type from a file name, "" when it is not an image
// the PDF engine prints.
func imageKind(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".png":
		return "png"
	case ".jpg", ".jpeg":
		return "jpg"
	}
	return ""
}

func closeIf(r io.Reader) {
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
}

// resolver maps links in Markdown to anchors of this document: "#ECS-004",
// "control:ECS-004" (case-insensitive) go to that control in the same case
// study (or the partner-level section), "sop:ID" to a procedure (printed
// once, at partner level; else what the case study applies of it), "cost:"
// to the case study's cost model.
func (r *renderer) resolver(caseID string) func(string) (string, bool) {
	return func(dest string) (string, bool) {
		s := dest
		switch {
		case strings.HasPrefix(s, "#"):
			s = s[1:]
		case strings.HasPrefix(strings.ToLower(s), "control:"):
			s = s[len("control:"):]
		case strings.EqualFold(s, "cost:"):
			if caseID != "" && r.in.Costs[caseID] != nil {
				return costAnchor(caseID), true
			}
			return "", false
		case strings.HasPrefix(strings.ToLower(s), "sop:"):
			id := s[len("sop:"):]
			if r.hasPartnerSOP(id) {
				return sopAnchor("", id), true
			}
			for _, doc := range r.in.CaseSOPs[caseID] {
				if doc.ID == id && len(doc.Applied) > 0 {
					return sopAnchor(caseID, id), true
				}
			}
			return "", false
		default:
			return "", false
		}
		id := strings.ToUpper(s)
		if _, ok := r.cat.Control(id); !ok {
			return "", false
		}
		return r.controlTarget(caseID, id), true
	}
}

// controlTarget is the anchor of a control as seen from a case study: its
// section there when the case study has one, else its partner-level section
// or its section in the first case study.
func (r *renderer) controlTarget(caseID, id string) string {
	c, ok := r.cat.Control(id)
	if !ok {
		return "readiness"
	}
	for _, cv := range r.cases {
		if cv.cs.ID == caseID && cv.res.Control(id) != nil && !c.IsPrerequisite() {
			return controlAnchor(caseID, id)
		}
	}
	return r.firstAnchor(c)
}

// cliKind names the appendix of a CLI command the checklist asks for.
func cliKind(cmd string) string {
	switch strings.Join(strings.Fields(cmd), " ") {
	case "aws ecs list-tasks":
		return "list-tasks"
	case "aws ecs describe-capacity-providers":
		return "describe-capacity-providers"
	case "aws ec2 describe-spot-fleet-requests":
		return "describe-spot-fleet-requests"
	}
	return ""
}

// collectionTime prints when a snapshot was taken.
func collectionTime(start, end time.Time) string {
	const layout = "2006-01-02 15:04 UTC"
	switch {
	case start.IsZero() && end.IsZero():
		return "unknown"
	case end.IsZero() || end.Equal(start):
		return start.UTC().Format(layout)
	case start.IsZero():
		return end.UTC().Format(layout)
	}
	return start.UTC().Format(layout) + " – " + end.UTC().Format("15:04 UTC")
}

// snapshotPaths are a case study's snapshot files relative to the casefile
// root (slash-separated), or as given when the case study lies elsewhere.
func snapshotPaths(root, dir string, files []string) []string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || !filepath.IsLocal(rel) {
		rel = ""
	}
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.ToSlash(filepath.Join(rel, f))
	}
	return out
}

// controlsWith lists the catalog controls that ask for a CLI command.
func controlsWith(cat *catalog.Catalog, kind string) []string {
	var out []string
	for _, c := range cat.Controls {
		for _, cmd := range c.CLIOutputs {
			if cliKind(cmd) == kind {
				out = append(out, c.ID)
			}
		}
	}
	return out
}
