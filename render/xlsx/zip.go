package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"slices"

	"github.com/xuri/excelize/v2"
)

// sortedZip is an excelize.ZipWriter that collects the parts of the
// workbook and writes them, on Close, in name order ("[Content_Types].xml"
// sorts first, as OOXML readers prefer). excelize writes streamed sheets by
// ranging over a map, so without this the part order, and so the bytes,
// would change from run to run.
type sortedZip struct {
	w     io.Writer
	parts map[string]*bytes.Buffer
}

// newSortedZip returns a ZipWriter writing the sorted archive to w.
func newSortedZip(w io.Writer) excelize.ZipWriter {
	return &sortedZip{w: w, parts: map[string]*bytes.Buffer{}}
}

// Create starts a part; a second part of the same name replaces the first.
func (z *sortedZip) Create(name string) (io.Writer, error) {
	b := new(bytes.Buffer)
	z.parts[name] = b
	return b, nil
}

// AddFS adds every regular file of fsys as a part.
func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("read %s: %w", name, err)
		}
		z.parts[name] = bytes.NewBuffer(data)
		return nil
	})
}

// Close writes the archive: parts in name order, deflated, with no
// modification time.
func (z *sortedZip) Close() error {
	names := make([]string, 0, len(z.parts))
	for n := range z.parts {
		names = append(names, n)
	}
	slices.Sort(names)
	zw := zip.NewWriter(z.w)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate})
		if err != nil {
			return fmt.Errorf("zip part %s: %w", n, err)
		}
		if _, err := z.parts[n].WriteTo(w); err != nil {
			return fmt.Errorf("zip part %s: %w", n, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("close zip: %w", err)
	}
	return nil
}
