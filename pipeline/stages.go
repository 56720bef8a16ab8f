package pipeline

import (
	"encoding/json"
)

// stages lists the build's output stages in order. Each stage reads the
// assessment and the casefile and emits files; none reads another's output.
func (b *builder) stages() []stage {
	return []stage{
		{"assessment", b.writeAssessment},
	}
}

// writeAssessment stores the whole assessment as JSON (the same shape as
// `ecspack check --format json`'s report), for tools that post-process a package.
func (b *builder) writeAssessment() error {
	data, err := json.MarshalIndent(b.rep, "", "  ")
	if err != nil {
		return err
	}
	return b.emit("assessment.json", append(data, '\n'))
}
