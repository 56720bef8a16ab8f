// Package pdf is ecspack's PDF engine: every document the tool prints (the
// reviewer submission PDF, the per-customer runbooks) is laid out through it,
// so the rest of the code base never talks to fpdf directly for text.
//
// A document is built by a body function that calls block methods in reading
// order (Heading, Paragraph, Table, Code, Markdown, ...):
//
//	out, err := pdf.Render(ctx, pdf.Options{Title: "…", Date: fixed}, func(d *pdf.Document) error {
//		d.Heading(1, "Cover")
//		d.PageBreak()
//		if err := d.TableOfContents(2); err != nil {
//			return err
//		}
//		d.PageBreak()
//		d.HeadingWithOptions(1, "ECS-004 Task roles", pdf.HeadingOptions{ID: "ECS-004"})
//		return d.Markdown(answer, pdf.MarkdownOptions{HeadingOffset: 1})
//	})
//
// Render runs the body more than once: the first pass learns on which page
// every heading lands, later passes print the table of contents with those
// page numbers. The body must therefore be repeatable and produce the same
// layout each time (it normally is: it reads the same inputs).
//
// Output is deterministic: the same inputs give byte-identical PDFs (fixed
// dates from Options, sorted catalogs, images registered so that fpdf's
// width-only image sort cannot reorder them).
//
// Fonts are the Go fonts (golang.org/x/image/font/gofont), embedded from
// memory as UTF-8 TrueType subsets, so Latin, Greek, Cyrillic and common
// punctuation and maths symbols extract correctly from the PDF.
//
// Units: every length in this API is in millimetres; font sizes are points.
package pdf
