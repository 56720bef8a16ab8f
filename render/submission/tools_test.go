package submission

import (
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/readback"
)

// The tests read the PDFs back with independent tools (poppler, qpdf).
// Without them a test skips, except under CI=true, where it fails.
// (Mirrors render/pdf's helpers; test code is not importable.)

func needTool(t testing.TB, name string) string { return readback.NeedTool(t, name) }

func run(t testing.TB, name string, args ...string) string { return readback.Run(t, name, args...) }

func writePDF(t testing.TB, data []byte) string { return readback.WritePDF(t, data) }

func pages(t testing.TB, path string) []string { return readback.Pages(t, path) }

func squash(s string) string { return readback.Squash(s) }

func pageCount(t testing.TB, path string) int { return readback.PageCount(t, path) }

type outlineItem = readback.OutlineItem

func outline(t testing.TB, path string) []outlineItem { return readback.Outline(t, path) }

func qpdfCheck(t testing.TB, path string) { readback.QPDFCheck(t, path) }
