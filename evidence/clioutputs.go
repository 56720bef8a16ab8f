package evidence

import (
	"path/filepath"
	"slices"
)

// cliOutputPatterns are the files of a collect-script folder the reviewer
// PDF may print verbatim (render/submission), relative to the folder.
var cliOutputPatterns = []string{
	"collected-at",
	"sts/get-caller-identity.json",
	"*/ecs/list-tasks.*.json",
	"*/ecs/describe-capacity-providers.json",
	"*/ec2/describe-spot-fleet-requests.json",
}

// CLIOutputFiles lists the files of the case study's aws_cli_outputs folder
// that the package may print, sorted, so the manifest checksums them as
// inputs; nil when the case study names no folder. The folder's other files
// (describe-task-definition holds environment values) are never printed.
func (cs *CaseStudy) CLIOutputFiles() []string {
	if cs.AWSCLIOutputs == "" {
		return nil
	}
	var out []string
	for _, p := range cliOutputPatterns {
		m, _ := filepath.Glob(filepath.Join(cs.Dir, cs.AWSCLIOutputs, filepath.FromSlash(p)))
		out = append(out, m...)
	}
	slices.Sort(out)
	return out
}
