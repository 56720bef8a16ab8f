package discover

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecspack/ecspack/inventory"
)

// The values below are made up for these tests (the AWS documentation's
// example key pair, a JWT of {"alg":"HS256"}.{"sub":"1234567890"}); none is a
// real credential.
const (
	exampleKeyID  = "AKIAIOSFODNN7EXAMPLE"
	exampleSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	exampleJWT    = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"
)

func TestSecretPatternOfValue(t *testing.T) {
	for _, c := range []struct {
		name, value, want string
	}{
		{"access key id", exampleKeyID, inventory.PatternAWSAccessKeyID},
		{"session key id inside text", "key=ASIAY34FZKBOKMUTVV7A;", inventory.PatternAWSAccessKeyID},
		{"secret access key shape", exampleSecret, inventory.PatternAWSSecretKey},
		{"PEM private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEow...", inventory.PatternPrivateKey},
		{"OpenSSH private key", "-----BEGIN OPENSSH PRIVATE KEY-----", inventory.PatternPrivateKey},
		{"JWT", exampleJWT, inventory.PatternJWT},
		{"password in a database URL", "postgres://app:s3cr3t-pw@db.internal:5432/app", inventory.PatternPasswordInURL},
		{"password in an AMQP URL", "amqp://guest:guest@rabbit:5672/", inventory.PatternPasswordInURL},
		{"random token", "q8Zt2LmX9vR4kP7wN3bY6cJ1hD5fG0sAeU", inventory.PatternHighEntropy},
		{"base64 random token", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3Bx+/Q=", inventory.PatternHighEntropy},

		// Values that are not secrets: no verdict.
		{"empty", "", ""},
		{"a word", "production", ""},
		{"a boolean", "true", ""},
		{"a port", "8080", ""},
		{"a URL without credentials", "https://api.example.com:443/v1/items?page=2", ""},
		{"a URL with a user only", "postgres://app@db.internal:5432/app", ""},
		{"a URL whose password is a variable", "postgres://app:${DB_PASSWORD}@db:5432/app", ""},
		{"a git commit", "3f786850e387550fdab836ed7e6dc881de23001b", ""},
		{"a UUID", "123e4567-e89b-12d3-a456-426614174000", ""},
		{"an ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", ""},
		{"an image digest", "sha256:9b2a26de3b3e0c7a6c2d5f4e8a1b7c3d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b", ""},
		{"a path", "/usr/local/share/application/configuration/settings.yaml", ""},
		{"a Java class name", "com.example.payments.service.PaymentServiceApplication", ""},
		{"a sentence", "Please contact the operations team before changing this value", ""},
		{"a camel-case identifier", "PaymentServiceApplicationConfiguration", ""},
		{"a flag word", "ENABLE_PASSWORD_RESET", ""},
		{"a JVM option list", "-Xms512m -Xmx1024m -XX:+UseG1GC -Dspring.profiles.active=prod", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := secretPattern(c.value); got != c.want {
				t.Errorf("secretPattern(%q) = %q, want %q", c.value, got, c.want)
			}
		})
	}
}

// TestEverySecretPatternIsNamedInTheModel: the names discovery stores are
// the ones the inventory documents, in the same order.
func TestEverySecretPatternIsNamedInTheModel(t *testing.T) {
	var names []string
	for _, p := range secretValuePatterns {
		names = append(names, p.name)
	}
	if !slices.Equal(names, inventory.SecretPatterns()) {
		t.Errorf("discover's patterns %v, the inventory's %v", names, inventory.SecretPatterns())
	}
}

// secretEnvContainer plants secret-looking and harmless values in a
// container's environment.
func secretEnvContainer() ecstypes.ContainerDefinition {
	kv := func(n, v string) ecstypes.KeyValuePair {
		return ecstypes.KeyValuePair{Name: aws.String(n), Value: aws.String(v)}
	}
	return ecstypes.ContainerDefinition{Name: aws.String("app"), Image: aws.String("nginx"),
		Environment: []ecstypes.KeyValuePair{
			kv("AWS_SECRET_ACCESS_KEY", exampleSecret), kv("AWS_ACCESS_KEY_ID", exampleKeyID),
			kv("DATABASE_URL", "postgres://app:"+scrubCanary+"@db:5432/app"), kv("SESSION", exampleJWT),
			kv("LOG_LEVEL", "info"), kv("ENABLE_PASSWORD_RESET", "true"),
		}}
}

var wantEnvSecrets = []inventory.EnvironmentSecret{
	{Name: "AWS_ACCESS_KEY_ID", Pattern: inventory.PatternAWSAccessKeyID},
	{Name: "AWS_SECRET_ACCESS_KEY", Pattern: inventory.PatternAWSSecretKey},
	{Name: "DATABASE_URL", Pattern: inventory.PatternPasswordInURL},
	{Name: "SESSION", Pattern: inventory.PatternJWT},
}

// noValueStored fails when any planted value, or a telling part of one,
// reached the encoded form.
func noValueStored(t *testing.T, b []byte) {
	t.Helper()
	for _, v := range []string{exampleKeyID, exampleSecret, exampleJWT, scrubCanary, "AKIA", "wJalrXUtnFEMI", "eyJhbGci"} {
		if bytes.Contains(b, []byte(v)) {
			t.Errorf("the value (or part) %q was stored", v)
		}
	}
}

func TestConvertContainerJudgesEnvironmentValues(t *testing.T) {
	cd := convertContainer(secretEnvContainer())
	if !cd.EnvironmentValuesChecked {
		t.Error("EnvironmentValuesChecked is false: the values were not judged")
	}
	if !slices.Equal(cd.EnvironmentSecrets, wantEnvSecrets) {
		t.Errorf("EnvironmentSecrets = %+v, want %+v", cd.EnvironmentSecrets, wantEnvSecrets)
	}
	b, err := json.Marshal(cd)
	if err != nil {
		t.Fatal(err)
	}
	noValueStored(t, b)
	if empty := convertContainer(ecstypes.ContainerDefinition{Name: aws.String("x")}); !empty.EnvironmentValuesChecked || empty.EnvironmentSecrets != nil {
		t.Errorf("a container without variables: %+v", empty)
	}
}

// TestImportJudgesEnvironmentValues: the offline path (aws CLI output, which
// carries the values) reaches the same verdicts and stores no value either.
func TestImportJudgesEnvironmentValues(t *testing.T) {
	var env []any
	for _, kv := range secretEnvContainer().Environment {
		env = append(env, map[string]any{"name": *kv.Name, "value": *kv.Value})
	}
	snap := importEditedContainer(t, func(c map[string]any) { c["environment"] = env })
	b, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	noValueStored(t, b)
	var got []inventory.EnvironmentSecret
	checked := 0
	// The example task definition's ARN names 012345678910/us-east-1.
	for _, td := range regionOf(snap, "012345678910", "us-east-1").ECS.TaskDefinitions {
		for _, c := range td.Containers {
			got = append(got, c.EnvironmentSecrets...)
			if c.EnvironmentValuesChecked {
				checked++
			}
		}
	}
	if !slices.Equal(got, wantEnvSecrets) || checked == 0 {
		t.Errorf("imported verdicts %+v (%d containers checked), want %+v", got, checked, wantEnvSecrets)
	}
	if !strings.Contains(string(b), `"environment_values_checked": true`) {
		t.Error("the snapshot does not say the values were checked")
	}
}
