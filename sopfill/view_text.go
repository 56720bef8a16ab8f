package sopfill

import (
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
)

func secretStore(arn string) string {
	if strings.HasPrefix(arn, "arn:") && strings.Contains(arn, ":secretsmanager:") {
		return "Secrets Manager"
	}
	return "SSM Parameter Store"
}

// secretID returns what the store's CLI accepts: a Secrets Manager ARN as
// is (without the JSON key suffix), an SSM parameter's name.
func secretID(ref string) string {
	if strings.Contains(ref, ":secretsmanager:") {
		parts := strings.Split(ref, ":")
		if len(parts) > 7 {
			return strings.Join(parts[:7], ":")
		}
		return ref
	}
	if i := strings.Index(ref, ":parameter/"); i >= 0 {
		return ref[i+len(":parameter"):]
	}
	return ref
}

func cpuText(s string) string {
	if f, ok := estate.ParseCPU(s); ok {
		return words.Number(f) + " vCPU"
	}
	return s
}

func memText(s string) string {
	if f, ok := estate.ParseMemory(s); ok {
		return words.Number(f) + " GB"
	}
	return s
}
