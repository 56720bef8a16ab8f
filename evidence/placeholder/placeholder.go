// Package placeholder finds text that stands in for an answer instead of
// being one: ecspack's own "[to be completed: …]" marker, init's stubs, and the
// words people leave behind when they mean to come back (TODO, TBD, "Replace
// with", lorem ipsum). A package that still holds one is not ready, so every
// place that judges readiness (answers, case text, SOPs, runbooks) asks this one
// detector.
//
// Rules, decided once here:
//   - HTML comments are guidance, never claims: they are removed before
//     scanning (line numbers are kept), so a TODO inside <!-- --> is not a hit.
//   - "[to be completed" and "Replace with" are template markers and count
//     everywhere, also inside code.
//   - The bare words TODO, TBD, FIXME and lorem count only in prose: inside
//     fenced code blocks and inline code spans they are quoted artefacts (a
//     "# TODO" comment in an attached template, CLI output), not the partner's
//     unanswered question.
//   - Words match case-insensitively and on word boundaries, so "todos" or
//     "TBDs" in prose are hits only as whole words ("Stubborn" is never one).
package placeholder

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Hit is one placeholder found in a text.
type Hit struct {
	// Line is the 1-based line of the text where the placeholder starts.
	Line int
	// Marker names what was found, e.g. "TODO" or "[to be completed".
	Marker string
	// Excerpt is the placeholder with some context, for a finding's message.
	Excerpt string
}

// pattern is one kind of placeholder.
type pattern struct {
	marker string
	re     *regexp.Regexp
	// inCode is true when the pattern counts inside code too.
	inCode bool
}

// patterns is the immutable table of placeholders, in reporting order.
var patterns = []pattern{
	{"[to be completed", regexp.MustCompile(`(?i)\[to be completed`), true},
	{"Replace with", regexp.MustCompile(`(?i)\breplace (this )?with\b`), true},
	{"TODO", regexp.MustCompile(`(?i)\bTODO\b`), false},
	{"TBD", regexp.MustCompile(`(?i)\bTBD\b`), false},
	{"FIXME", regexp.MustCompile(`(?i)\bFIXME\b`), false},
	{"lorem", regexp.MustCompile(`(?i)\blorem\b`), false},
}

// Markers lists what the detector looks for, for help texts and the README.
func Markers() []string {
	out := make([]string, len(patterns))
	for i, p := range patterns {
		out[i] = p.marker
	}
	return out
}

// StripComments removes HTML comments from Markdown, keeping every newline so
// that line numbers stay those of the file. An unclosed comment runs to the end.
func StripComments(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i+4:], "-->")
		var comment string
		if j < 0 {
			comment, s = s[i:], ""
		} else {
			comment, s = s[i:i+4+j+3], s[i+4+j+3:]
		}
		b.WriteString(strings.Repeat("\n", strings.Count(comment, "\n")))
	}
}

// Empty reports whether Markdown says nothing once HTML comments are removed:
// init's stubs are exactly that.
func Empty(markdown string) bool { return strings.TrimSpace(StripComments(markdown)) == "" }

// keywords are lower-case substrings every pattern's match contains; a line
// with none of them needs no regular expression (documents of large estates
// run to megabytes).
var keywords = []string{"[to be completed", "replace", "todo", "tbd", "fixme", "lorem"}

// candidate reports whether a line may hold a placeholder.
func candidate(line string) bool {
	low := strings.ToLower(line)
	for _, k := range keywords {
		if strings.Contains(low, k) {
			return true
		}
	}
	return false
}

// inlineCode matches a code span.
var inlineCode = regexp.MustCompile("`[^`\n]+`")

// Find returns every placeholder in Markdown text, in order of lines and then
// of the pattern table; at most one hit per pattern and line.
func Find(markdown string) []Hit {
	var hits []Hit
	fence := ""
	for i, line := range strings.Split(StripComments(markdown), "\n") {
		t := strings.TrimSpace(line)
		if fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			fence = t[:3]
			continue
		}
		inFence := fence != ""
		if inFence && strings.HasPrefix(t, fence) {
			fence = ""
			continue
		}
		if !candidate(line) {
			continue
		}
		prose := line
		if !inFence {
			prose = inlineCode.ReplaceAllStringFunc(line, func(s string) string { return strings.Repeat(" ", len(s)) })
		}
		for _, p := range patterns {
			text := line
			if !p.inCode {
				if inFence {
					continue
				}
				text = prose
			}
			if loc := p.re.FindStringIndex(text); loc != nil {
				hits = append(hits, Hit{Line: i + 1, Marker: p.marker, Excerpt: excerpt(line, loc[0])})
			}
		}
	}
	return hits
}

// FindPlain is Find for plain text that is not Markdown (YAML values, titles):
// no code spans or fences, every pattern counts.
func FindPlain(text string) []Hit {
	var hits []Hit
	for i, line := range strings.Split(text, "\n") {
		if !candidate(line) {
			continue
		}
		for _, p := range patterns {
			if loc := p.re.FindStringIndex(line); loc != nil {
				hits = append(hits, Hit{Line: i + 1, Marker: p.marker, Excerpt: excerpt(line, loc[0])})
			}
		}
	}
	return hits
}

// maxExcerpt bounds an excerpt in runes; maxMarker bounds a whole
// "[to be completed: …]" marker, whose end usually names the setting to fill.
const (
	maxExcerpt = 80
	maxMarker  = 240
)

// excerpt is the line from the placeholder on, trimmed to maxExcerpt runes,
// or the whole bracketed marker when the placeholder is one.
func excerpt(line string, at int) string {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(line[at:]), "*_"))
	limit := maxExcerpt
	if strings.HasPrefix(s, "[") {
		if end := strings.Index(s, "]"); end > 0 {
			s, limit = s[:end+1], maxMarker
		}
	}
	if utf8.RuneCountInString(s) > limit {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:limit-1])) + "…"
	}
	return s
}
