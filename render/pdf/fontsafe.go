package pdf

import "github.com/ecspack/ecspack/internal/textsafe"

// fontSafe is the sanitiser under the name the drawing code uses: every
// string handed to fpdf for drawing or measuring passes through here, so no
// control character, missing glyph or character beyond U+FFFF reaches it
// (fpdf panics beyond U+FFFF and draws empty boxes for missing glyphs).
func fontSafe(s string) string { return textsafe.Sanitize(s) }

// strWidth is fpdf's GetStringWidth of the text as it will be drawn.
func (d *Document) strWidth(s string) float64 { return d.pdf.GetStringWidth(fontSafe(s)) }
