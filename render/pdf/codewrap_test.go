package pdf

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWrapCode(t *testing.T) {
	cases := []struct {
		name string
		line string
		cols int
		lang CodeLang
		want []string // printed lines, marks included
	}{
		{"fits", "short", 10, CodeText, []string{"short"}},
		{"trailing spaces", "trailing   ", 8, CodeText, []string{"trailing"}},
		{"shell between arguments", "aws ecs list-tasks --cluster prod --desired-status STOPPED", 24,
			CodeShell, []string{"aws ecs list-tasks \\", "    --cluster prod \\", "    --desired-status \\", "    STOPPED"}},
		{"shell keeps a quoted argument whole", "aws x --query 'a b c d' --y", 20,
			CodeShell, []string{"aws x --query \\", "    'a b c d' --y"}},
		{"shell argument longer than the line", "aws x arn:aws:iam::123456789012:role/r", 20,
			CodeShell, []string{"aws x \\", "    arn:aws:iam::↓", "    123456789012:↓", "    role/r"}},
		{"json after punctuation, not in strings", `{"a": "x, y", "b": [1,2,3]}`, 16,
			CodeJSON, []string{`{"a": "x, y", ↓`, `    "b": [1,2,↓`, `    3]}`}},
		{"json string longer than the line", `    "arn:aws:ecs:us-east-1:123456789012:task/c/0123"`, 26,
			CodeJSON, []string{`    "arn:aws:ecs:us-↓`, `        east-1:123456789↓`, `        012:task/c/0123"`}},
		{"json value outdented rather than broken", `        "image": "0123456789012345678901",`, 30,
			CodeJSON, []string{`        "image": ↓`, `   "0123456789012345678901",`}},
		{"text at spaces", "one two three four five", 12, CodeText, []string{"one two ↓", "    three ↓", "    four ↓", "    five"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, l := range wrapCode(c.line, c.cols, c.lang) {
				txt := l.text + l.mark
				got = append(got, txt)
				if n := utf8.RuneCountInString(txt); n > c.cols {
					t.Errorf("line %q is %d runes, more than %d", txt, n, c.cols)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") {
				t.Errorf("wrapCode(%q, %d) =\n%q\nwant\n%q", c.line, c.cols, got, c.want)
			}
			if back := Rejoin(strings.Join(got, "\n")); strings.Join(strings.Fields(back), " ") != strings.Join(strings.Fields(c.line), " ") {
				t.Errorf("Rejoin gives %q, want %q", back, c.line)
			}
		})
	}
}

// TestDetectLang: a block is JSON only when it parses, shell only when every
// line is a command.
func TestDetectLang(t *testing.T) {
	cases := map[string]CodeLang{
		`{"a": 1}`:                      CodeJSON,
		"[1, 2]":                        CodeJSON,
		`{"a": `:                        CodeText,
		"aws ecs list-tasks\n# note\n":  CodeShell,
		"$ aws sts get-caller-identity": CodeShell,
		"aws x\nkey: value":             CodeText,
		"key: value":                    CodeText,
	}
	for in, want := range cases {
		if got := detectLang(in); got != want {
			t.Errorf("detectLang(%q) = %d, want %d", in, got, want)
		}
	}
}

// longJSON is a describe-style document with ARNs of 120+ characters and
// strings that hold commas, colons and brackets.
func longJSONDoc(t testing.TB) string {
	t.Helper()
	var arns []string
	for i := range 6 {
		arns = append(arns, fmt.Sprintf("arn:aws:ecs:eu-central-1:123456789012:task/production-payments-cluster-with-a-long-name/%032x%032x", i, i*7))
	}
	doc := map[string]any{
		"taskArns": arns,
		"note":     "a, b: [c] {d} — with spaces,commas:and colons that must stay inside the string as they are",
		"nested":   map[string]any{"k": []any{1, 2.5, true, nil, "v"}, "deep": map[string]string{"arn": arns[0] + "/and/more/path/segments/to/make/it/longer"}},
	}
	b, err := json.MarshalIndent(doc, "", "    ")
	if err != nil {
		t.Fatal(err)
	}
	if len(arns[0]) < 120 {
		t.Fatalf("test ARN is %d characters, want 120+", len(arns[0]))
	}
	return string(b)
}

// TestCopiedCodeParses renders long JSON (ARNs of 120+ characters) and long
// commands, reads the PDF back with pdftotext as a reader's copy would, and
// holds that the rejoined text is the JSON document and the commands again.
func TestCopiedCodeParses(t *testing.T) {
	doc := longJSONDoc(t)
	arn := "arn:aws:ecs:eu-central-1:123456789012:service/production-payments-cluster-with-a-long-name/checkout-api-service-blue"
	cmds := []string{
		"aws ecs list-tasks --region eu-central-1 --cluster production-payments-cluster-with-a-long-name --service-name checkout-api --desired-status STOPPED",
		"aws ecs describe-services --region eu-central-1 --cluster production-payments-cluster-with-a-long-name --services " + arn + " --query 'services[0].events[:10]'",
		"aws autoscaling start-instance-refresh --region eu-central-1 --auto-scaling-group-name asg --preferences '{\"MinHealthyPercentage\":90,\"InstanceWarmup\":300}'",
	}
	out := render(t, func(d *Document) error {
		d.Paragraph("BEGIN-JSON")
		d.Code(doc)
		d.Paragraph("END-JSON")
		d.Code(strings.Join(cmds, "\n"))
		d.Paragraph("END-COMMANDS")
		return nil
	})
	path := writePDF(t, out)
	text := Rejoin(run(t, "pdftotext", "-raw", path, "-"))
	_, after, ok := strings.Cut(text, "BEGIN-JSON")
	copied, rest, ok2 := strings.Cut(after, "END-JSON")
	if !ok || !ok2 {
		t.Fatalf("markers missing from the text:\n%s", text)
	}
	// The legend under the block is not part of the copy.
	copied, _, _ = strings.Cut(copied, "A line ending in")
	var got, want any
	if err := json.Unmarshal([]byte(copied), &got); err != nil {
		t.Fatalf("JSON copied from the PDF does not parse: %v\n%s", err, copied)
	}
	if err := json.Unmarshal([]byte(doc), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("copied JSON differs:\n got %v\nwant %v", got, want)
	}
	if !strings.Contains(run(t, "pdftotext", "-raw", path, "-"), ContinuationMark) {
		t.Error("the JSON block was wrapped without a visible continuation mark")
	}
	block, _, _ := strings.Cut(rest, "END-COMMANDS")
	block, _, _ = strings.Cut(block, "A line ending in")
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
		lines = append(lines, strings.Join(strings.Fields(l), " "))
	}
	if strings.Join(lines, "\n") != strings.Join(cmds, "\n") {
		t.Errorf("commands copied from the PDF:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(cmds, "\n"))
	}
}

// TestWrapCodeRoundTrip: for many generated lines (seeded, so repeatable),
// every printed line fits the column and rejoining the printed lines gives
// the line back — exactly for text and JSON, argument for argument for shell.
func TestWrapCodeRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	pieces := []string{"a", "bb", "--flag", `"quoted string, with: punctuation"`, "'single quoted'", "{", "}", "[", "],", ":", ",",
		"arn:aws:ecs:eu-west-1:123456789012:task/cluster/0123456789abcdef0123456789abcdef", strings.Repeat("x", 70), "αβγ"}
	for i := range 3000 {
		cols := 12 + rng.IntN(90)
		var b strings.Builder
		// Indentation up to a quarter of the line (deeper indentation may
		// lose its leading spaces on a broken first line).
		b.WriteString(strings.Repeat(" ", rng.IntN(cols/4)))
		for j := range 1 + rng.IntN(25) {
			if j > 0 {
				b.WriteString(" ")
			}
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		line := strings.TrimRight(b.String(), " ")
		lang := []CodeLang{CodeText, CodeJSON, CodeShell}[i%3]
		var printed []string
		for _, l := range wrapCode(line, cols, lang) {
			txt := l.text + l.mark
			if n := utf8.RuneCountInString(txt); n > cols {
				t.Fatalf("wrapCode(%q, %d, %d): line %q is %d runes", line, cols, lang, txt, n)
			}
			printed = append(printed, txt)
		}
		back := Rejoin(strings.Join(printed, "\n"))
		if lang == CodeShell {
			if strings.Join(strings.Fields(back), " ") != strings.Join(strings.Fields(line), " ") {
				t.Fatalf("shell %q (cols %d) rejoined as %q", line, cols, back)
			}
		} else if back != line {
			t.Fatalf("%q (cols %d, lang %d) printed as\n%s\nrejoined as %q", line, cols, lang, strings.Join(printed, "\n"), back)
		}
	}
}
