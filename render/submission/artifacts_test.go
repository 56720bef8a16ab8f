package submission

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/render/pdf"
)

// pageFurniture matches the running header and footer lines pdftotext puts
// between the parts of a block that crosses a page: a reader copying the
// block leaves them out, and so does copiedBlocks.
var pageFurniture = regexp.MustCompile(`(?m)^(Appendix [A-Z] — .*|.* Page \d+ of \d+)\n`)

// copiedJSON is the JSON document printed after each line starting with
// prefix in the PDF text, as a reader copying it would get it: page
// furniture dropped, continuation lines rejoined (pdf.Rejoin).
func copiedJSON(t *testing.T, raw, prefix string) map[string]string {
	t.Helper()
	text := pdf.Rejoin(pageFurniture.ReplaceAllString(strings.ReplaceAll(raw, "\f", ""), ""))
	out := map[string]string{}
	for _, l := range strings.Split(text, "\n") {
		if !strings.HasPrefix(l, prefix) {
			continue
		}
		_, after, _ := strings.Cut(text, l+"\n")
		dec := json.NewDecoder(strings.NewReader(after))
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			t.Errorf("the JSON after %q does not parse when copied out of the PDF: %v\n%.1500s", l, err, after)
			continue
		}
		out[l] = string(v)
	}
	return out
}

// TestSampleExampleTaskDefinitions (issue 17): the sample PDF holds an
// example task definition per case study, as describe-task-definition prints
// it, that parses when copied out; secrets are references, environment
// values are the marker.
func TestSampleExampleTaskDefinitions(t *testing.T) {
	_, in := renderedSample(t)
	path, _ := renderedSampleText(t)
	raw := run(t, "pdftotext", "-raw", path, "-")
	docs := copiedJSON(t, raw, "$ aws ecs describe-task-definition --task-definition ")
	if len(docs) != len(in.Casefile.CaseStudies) {
		t.Fatalf("%d example task definitions, want one per case study (%d)", len(docs), len(in.Casefile.CaseStudies))
	}
	for cmd, doc := range docs {
		var td struct {
			TaskDefinition struct {
				TaskDefinitionArn    string `json:"taskDefinitionArn"`
				ContainerDefinitions []struct {
					Name        string                         `json:"name"`
					Environment []struct{ Name, Value string } `json:"environment"`
					Secrets     []struct {
						Name      string `json:"name"`
						ValueFrom string `json:"valueFrom"`
					} `json:"secrets"`
				} `json:"containerDefinitions"`
			} `json:"taskDefinition"`
		}
		if err := json.Unmarshal([]byte(doc), &td); err != nil {
			t.Fatal(err)
		}
		ref := strings.Fields(strings.TrimPrefix(cmd, "$ aws ecs describe-task-definition --task-definition "))[0]
		if !strings.HasSuffix(td.TaskDefinition.TaskDefinitionArn, "/"+ref) {
			t.Errorf("%s prints %s", cmd, td.TaskDefinition.TaskDefinitionArn)
		}
		if len(td.TaskDefinition.ContainerDefinitions) == 0 {
			t.Errorf("%s: no containerDefinitions", cmd)
		}
		envs, secrets := 0, 0
		for _, c := range td.TaskDefinition.ContainerDefinitions {
			for _, e := range c.Environment {
				envs++
				if e.Value != envValueWithheld {
					t.Errorf("%s: environment %s = %q, want the marker", cmd, e.Name, e.Value)
				}
			}
			for _, s := range c.Secrets {
				secrets++
				if !strings.HasPrefix(s.ValueFrom, "arn:") {
					t.Errorf("%s: secret %s valueFrom %q is not a reference", cmd, s.Name, s.ValueFrom)
				}
			}
		}
		if envs == 0 || secrets == 0 {
			t.Errorf("%s: %d environment variables and %d secrets; the sample's examples have both", cmd, envs, secrets)
		}
	}
}

// TestSampleCLIOutputsParse: every aws CLI output of the appendices, copied
// out of the PDF and rejoined, parses as JSON (issue 17: they were wrapped
// mid-ARN and could not be copied).
func TestSampleCLIOutputsParse(t *testing.T) {
	path, _ := renderedSampleText(t)
	raw := run(t, "pdftotext", "-raw", path, "-")
	counts := map[string]int{}
	for _, cmd := range []string{"aws ecs list-tasks", "aws ecs describe-capacity-providers", "aws ec2 describe-spot-fleet-requests", "aws ecs describe-task-definition"} {
		for _, doc := range copiedJSON(t, raw, "$ "+cmd+" ") {
			var v map[string]any
			if err := json.Unmarshal([]byte(doc), &v); err != nil || len(v) == 0 {
				t.Errorf("%s: %v %v", cmd, err, v)
			}
			counts[cmd]++
		}
		if counts[cmd] == 0 {
			t.Errorf("no output of %s found in the PDF text", cmd)
		}
	}
	t.Log(counts)
}
