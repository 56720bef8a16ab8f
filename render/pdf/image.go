package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/jpeg" // decoder for DecodeConfig
	"image/png"
	"io"
	"strings"

	"codeberg.org/go-pdf/fpdf"
)

// maxImageBytes bounds what Image reads from one reader.
const maxImageBytes = 64 << 20

// maxImagePixels bounds an image's declared size, checked from its header
// before any pixel is decoded: a few hundred bytes of PNG can declare
// 100000×100000 pixels (40 GB once decoded). 40 megapixels is far more than
// a printed page shows (about 2500×3500 at 300 dpi) and decodes in a few
// hundred megabytes at most.
const maxImagePixels = 40_000_000

// imageEntry is an image prepared for fpdf: format checked, re-encoded when
// fpdf could not read it or when its pixel width is already taken.
type imageEntry struct {
	key  string // fpdf image name
	data []byte
	kind string // "png" or "jpg"
	w, h int    // pixels, after padding
}

// imageCache keeps prepared images across Render passes.
//
// fpdf sorts its image catalog by pixel width only, starting from a map's
// random order, so two different images of the same width are written in
// random order and the file changes from run to run. The cache therefore
// gives every distinct image a distinct width: an image whose width is
// taken is padded on the right with white columns (invisible on the page).
// Identical images share one entry.
type imageCache struct {
	byName map[string]*imageEntry
	bySum  map[string]*imageEntry
	widths map[int]bool
	failed map[string]bool // names that could not be opened, not retried
}

func newImageCache() *imageCache {
	return &imageCache{byName: map[string]*imageEntry{}, bySum: map[string]*imageEntry{}, widths: map[int]bool{}, failed: map[string]bool{}}
}

// prepare reads and normalises an image once per name.
func (c *imageCache) prepare(name string, r io.Reader, kind string) (*imageEntry, error) {
	if e, ok := c.byName[name]; ok {
		return e, nil
	}
	data, err := io.ReadAll(io.LimitReader(r, maxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read image %q: %w", name, err)
	}
	if len(data) > maxImageBytes {
		return nil, fmt.Errorf("image %q is larger than %d MiB", name, maxImageBytes>>20)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("image %q: %w", name, err)
	}
	switch format {
	case "png", "jpeg":
	default:
		return nil, fmt.Errorf("image %q: format %s is not supported (PNG or JPEG)", name, format)
	}
	if k := strings.ToLower(strings.TrimPrefix(kind, ".")); k != "" && k != "png" && k != "jpg" && k != "jpeg" {
		return nil, fmt.Errorf("image %q: kind %q is not supported (PNG or JPEG)", name, kind)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return nil, fmt.Errorf("image %q: empty image", name)
	}
	if int64(cfg.Width)*int64(cfg.Height) > maxImagePixels {
		return nil, fmt.Errorf("image %q is %d×%d pixels: more than %d megapixels; scale it down (a printed page shows about 2500×3500)", name, cfg.Width, cfg.Height, maxImagePixels/1_000_000)
	}
	// Decode it in full once: fpdf's own PNG parser trusts the header and
	// panics on pixel data shorter than declared, and a truncated JPEG would
	// print as a broken picture. The pixel bound above keeps this cheap.
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("image %q: %w", name, err)
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	if e, ok := c.bySum[hexSum]; ok {
		c.byName[name] = e
		return e, nil
	}
	e := &imageEntry{key: "img-" + hexSum[:16], data: data, kind: "jpg", w: cfg.Width, h: cfg.Height}
	if format == "png" {
		e.kind = "png"
	}
	needRecode := format == "png" && !fpdfReadablePNG(data)
	if needRecode || c.widths[e.w] {
		w := e.w
		for c.widths[w] {
			w++
		}
		data, err = flattenPNG(img, w)
		if err != nil {
			return nil, fmt.Errorf("image %q: re-encode: %w", name, err)
		}
		e.data, e.kind, e.w = data, "png", w
	}
	c.widths[e.w] = true
	c.bySum[hexSum] = e
	c.byName[name] = e
	return e, nil
}

// fpdfReadablePNG reports whether fpdf's PNG parser accepts the file: it
// rejects 16-bit channels and interlacing.
func fpdfReadablePNG(data []byte) bool {
	// 8-byte signature, then IHDR: length(4) type(4) width(4) height(4)
	// depth(1) colour(1) compression(1) filter(1) interlace(1).
	if len(data) < 29 {
		return false
	}
	return data[24] <= 8 && data[28] == 0
}

// flattenPNG draws img on a white canvas of width w (>= its own width) and
// encodes it as an 8-bit PNG.
func flattenPNG(img image.Image, w int) ([]byte, error) {
	b := img.Bounds()
	dst := image.NewNRGBA(image.Rect(0, 0, w, b.Dy()))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, image.Rect(0, 0, b.Dx(), b.Dy()), img, b.Min, draw.Over)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ErrImage marks image errors (unreadable or unsupported images) so callers
// can tell them apart with errors.Is.
var ErrImage = errors.New("image not usable")

// Image prints a PNG or JPEG image read from r as a block, at 96 dpi or
// scaled down to fit the column and the page. name identifies the image
// (the same name is read only once per Render); kind is "png", "jpg",
// "jpeg" or "" (detected from the content). Errors wrap ErrImage and leave
// the document usable.
func (d *Document) Image(name string, r io.Reader, kind string) error {
	d.endLine()
	e, err := d.sh.images.prepare(name, r, kind)
	if err != nil {
		return fmt.Errorf("pdf: %w: %w", ErrImage, err)
	}
	opts := fpdf.ImageOptions{ImageType: e.kind}
	if info := d.pdf.GetImageInfo(e.key); info == nil {
		if err := d.register(e, opts); err != nil {
			return fmt.Errorf("pdf: %w: %q: %w", ErrImage, name, err)
		}
	}
	w := float64(e.w) * 25.4 / 96
	h := float64(e.h) * 25.4 / 96
	if maxW := d.width(); w > maxW {
		h, w = h*maxW/w, maxW
	}
	if maxH := (d.trigger() - marginTop) * 0.9; h > maxH {
		w, h = w*maxH/h, maxH
	}
	d.ensure(h)
	x, y := d.left(), d.pdf.GetY()
	d.pdf.ImageOptions(e.key, x, y, w, h, false, opts, 0, "")
	d.pdf.SetXY(x, y+h)
	d.gap(blockGap)
	return nil
}

// register hands a prepared image to fpdf. prepare has decoded the image in
// full, so fpdf's parser should not fail; should it still panic on a file it
// reads differently, the panic is turned into an error for that image alone.
func (d *Document) register(e *imageEntry, opts fpdf.ImageOptions) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("unreadable image data: %v", r)
		}
	}()
	d.pdf.RegisterImageOptionsReader(e.key, opts, bytes.NewReader(e.data))
	if err := d.pdf.Error(); err != nil {
		d.pdf.ClearError()
		return err
	}
	return nil
}
