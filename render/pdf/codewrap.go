package pdf

import "strings"

// Copy-safe wrapping of code lines. A wrapped JSON document or shell
// command is only useful on paper if the text copied out of the PDF still
// parses or runs: so a line breaks between tokens (JSON: after , : { [ or
// at spaces outside strings; shell: between arguments; text: at spaces),
// never inside a string or argument unless it alone is longer than the line,
// and every break carries a visible mark that says how to rejoin it
// (ContinuationMark, ShellContinuation; Rejoin does it).

// wrapCode splits one line into printed lines of at most cols runes,
// marks included. Continuation lines are indented four columns past the
// line's own indentation.
func wrapCode(line string, cols int, lang CodeLang) []codeLine {
	r := []rune(strings.TrimRight(line, " "))
	if len(r) <= cols {
		return []codeLine{{text: string(r)}}
	}
	indent := 0
	for indent < len(r) && r[indent] == ' ' {
		indent++
	}
	cont := min(indent+4, cols/2)
	bounds := tokenBounds(r, lang)
	var out []codeLine
	for start, first := 0, true; ; first = false {
		prefix := 0
		if !first {
			prefix = cont
			for start < len(r) && r[start] == ' ' {
				start++
			}
			// A token that fits the line only with less indentation
			// gets less, rather than being broken.
			if tok := tokenLen(r, bounds, start); tok > cols-prefix-2 && tok <= cols-2 {
				prefix = cols - 2 - tok
			}
		}
		room := cols - prefix
		if len(r)-start <= room {
			return append(out, codeLine{text: strings.Repeat(" ", prefix) + string(r[start:])})
		}
		limit := start + max(room-2, 1)
		p, inToken := breakAt(r, bounds, start, limit)
		head := string(r[start:p])
		l := codeLine{inToken: inToken, mark: ContinuationMark}
		if lang == CodeShell && !inToken {
			head, l.mark = strings.TrimRight(head, " "), ShellContinuation
		} else if t := strings.TrimRight(head, " "); t != head {
			head = t + " "
		}
		l.text = strings.Repeat(" ", prefix) + head
		out = append(out, l)
		start = p
	}
}

// breakAt is where the printed line that starts at r[start] ends: the last
// token boundary at or before limit with text before it, else a position
// inside the token (after a separator in the second half when there is
// one), never next to a space, so the rejoined text loses nothing.
func breakAt(r []rune, bounds []bool, start, limit int) (int, bool) {
	for p := limit; p > start; p-- {
		if bounds[p] && strings.TrimSpace(string(r[start:p])) != "" {
			return p, false
		}
	}
	for p := limit; p > start+(limit-start)/2; p-- {
		if isBreakAfter(r[p-1]) && r[p-1] != ' ' && r[p] != ' ' {
			return p, true
		}
	}
	p := limit
	for p > start+1 && (r[p] == ' ' || r[p-1] == ' ') {
		p--
	}
	return p, true
}

// tokenBounds reports, for each position p (0 < p < len(r)), whether a line
// may break before r[p] without splitting a token of lang.
func tokenBounds(r []rune, lang CodeLang) []bool {
	b := make([]bool, len(r)+1)
	var quote rune // the open quote, 0 outside strings
	escaped := false
	for p := 1; p < len(r); p++ {
		c := r[p-1]
		switch {
		case escaped:
			escaped = false
		case quote != 0:
			if c == '\\' && quote == '"' {
				escaped = true
			} else if c == quote {
				quote = 0
			}
		case c == '"' && lang != CodeText, c == '\'' && lang == CodeShell:
			quote = c
		case c == '\\' && lang == CodeShell:
			escaped = true
		}
		if quote != 0 || escaped {
			continue
		}
		space := c == ' ' && r[p] != ' '
		jsonPunct := lang == CodeJSON && strings.ContainsRune(",:{[", c) && r[p] != ' '
		b[p] = space || jsonPunct
	}
	return b
}

// Rejoin undoes the wrapping of code lines in text copied out of a PDF (as
// pdftotext prints it): a line ending in ContinuationMark is joined to the
// next without the mark, the line break and the next line's indentation; a
// line ending in a backslash is joined as a shell would read it, with one
// space. Other lines are kept as they are.
func Rejoin(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		cur := lines[i]
		for i+1 < len(lines) {
			t := strings.TrimRight(cur, " ")
			var joined bool
			switch {
			case strings.HasSuffix(t, ContinuationMark):
				cur = strings.TrimSuffix(t, ContinuationMark)
				joined = true
			case strings.HasSuffix(t, "\\"):
				cur = strings.TrimRight(strings.TrimSuffix(t, "\\"), " ") + " "
				joined = true
			}
			if !joined {
				break
			}
			i++
			cur += strings.TrimLeft(lines[i], " ")
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

// tokenLen is the length of the token at r[start]: up to the next boundary
// or the end of the line.
func tokenLen(r []rune, bounds []bool, start int) int {
	for p := start + 1; p < len(r); p++ {
		if bounds[p] {
			return p - start
		}
	}
	return len(r) - start
}
