package pipeline

import (
	"bufio"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/textsafe"
)

// Warning is something the user should fix although the build succeeded,
// located in an input file.
type Warning struct {
	File string
	Line int // 1-based
	Msg  string
}

func (w Warning) String() string { return fmt.Sprintf("%s:%d: %s", w.File, w.Line, w.Msg) }

// maxUnprintableWarnings bounds the warnings of one build: a casefile
// written in Japanese would otherwise warn about every line.
const maxUnprintableWarnings = 20

// maxScanLine is the longest input line scanned for unprintable text; the
// rest of a file with a longer line (a snapshot minified onto one line) is
// not scanned.
const maxScanLine = 4 << 20

// jsonEscape is a \uXXXX escape of a JSON string: control characters are
// always escaped in JSON, and other characters may be.
var jsonEscape = regexp.MustCompile(`\\u[0-9a-fA-F]{4}`)

// UnprintableInputs lists the lines of the casefile's text inputs (YAML,
// Markdown, JSON snapshots, SOP templates) holding characters the PDFs cannot
// print: text in scripts the embedded fonts lack (CJK, Hebrew, Arabic, …),
// which prints as "[unprintable: N … characters]", and control characters,
// which print as U+FFFD (see render/textsafe). The PDF shows a marker where
// the text was; this says where it came from, so the partner can translate
// or remove it. At most maxUnprintableWarnings lines are listed, then a
// count of the rest. Files that cannot be read are left to the stages that
// read them.
func UnprintableInputs(cf *evidence.Casefile) []Warning {
	var out []Warning
	more := 0
	for _, path := range cf.Inputs() {
		ext := strings.ToLower(filepath.Ext(path))
		switch ext {
		case ".md", ".markdown", ".yaml", ".yml", ".json", ".tmpl", ".txt":
		default:
			continue
		}
		scanUnprintable(path, ext == ".json", func(line int, what string) {
			if len(out) >= maxUnprintableWarnings {
				more++
				return
			}
			out = append(out, Warning{File: path, Line: line,
				Msg: what + " cannot be printed with the PDF's fonts (Latin, Greek, Cyrillic) and " +
					"print as \"[unprintable: …]\" or \"\uFFFD\"; the workbook keeps text in other scripts"})
		})
	}
	if more > 0 {
		last := out[len(out)-1]
		out = append(out, Warning{File: last.File, Line: last.Line, Msg: fmt.Sprintf("and %d more lines with text the PDFs cannot print", more)})
	}
	return out
}

func scanUnprintable(path string, isJSON bool, report func(line int, what string)) {
	// The guarded way every input is opened: a file swapped for a FIFO since
	// the casefile was loaded must not hang the build here either.
	f, err := safefile.Open(path, evidence.MaxInputSize)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), maxScanLine)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if isJSON && strings.Contains(line, `\u`) {
			line = jsonEscape.ReplaceAllStringFunc(line, func(esc string) string {
				v, _ := strconv.ParseUint(esc[2:], 16, 32)
				return string(rune(v))
			})
		}
		if what := textsafe.Unprintable(line); what != "" {
			report(n, what)
		}
	}
}
