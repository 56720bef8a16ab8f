package discover

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecspack/ecspack/inventory"
)

// scrubCanary stands for a credential's value in these tests.
const scrubCanary = "Sc7ubC4nary9q"

func TestHasCredential(t *testing.T) {
	for _, c := range []struct {
		v    string
		want bool
	}{
		{"https://ops:" + scrubCanary + "@logs.example.com/in", true},
		{"curl -u ops:" + scrubCanary + " http://localhost/health", true},
		{"curl -H 'Authorization: Bearer " + scrubCanary + "' http://localhost/health", true},
		{"Authorization Basic " + scrubCanary + "==", true},
		{"X-Api-Key: " + scrubCanary, true},
		{"--api-key=" + scrubCanary, true},
		{"apikey=" + scrubCanary, true},
		{"exec app --password " + scrubCanary, true},
		{"https://hooks.example.com/in?token=" + scrubCanary, true},
		{"AKIAIOSFODNN7EXAMPLE", true},
		{"-----BEGIN RSA PRIVATE KEY-----", true},
		// not credentials
		{"curl -f http://localhost:8080/health || exit 1", false},
		{"https://logs.example.com:443/in", false},
		{"PGPASSWORD=$PGPASSWORD pg_isready -h localhost", false},
		{"curl -H \"Authorization: Bearer $TOKEN\" http://localhost/health", false},
		{"/ecs/web", false},
		{"CMD-SHELL", false},
		{"secret-manager-sidecar --region eu-west-1", false},
	} {
		if got := hasCredential(c.v); got != c.want {
			t.Errorf("hasCredential(%q) = %v, want %v", c.v, got, c.want)
		}
	}
}

// leakyContainer carries the canary in every free-text place of a container
// definition the snapshot could store or the checks must see.
func leakyContainer() ecstypes.ContainerDefinition {
	return ecstypes.ContainerDefinition{Name: aws.String("app"), Image: aws.String("nginx"),
		Environment: []ecstypes.KeyValuePair{{Name: aws.String("API_TOKEN"), Value: aws.String(scrubCanary)}},
		HealthCheck: &ecstypes.HealthCheck{Command: []string{"CMD-SHELL", "curl -fsS -u health:" + scrubCanary + " http://localhost/health"}},
		LogConfiguration: &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwsfirelens, Options: map[string]string{
			"Name": "http", "url": "https://ops:" + scrubCanary + "@logs.example.com/in", "Header": "X-Api-Key " + scrubCanary,
			"apikey": scrubCanary, "Authorization": "Bearer " + scrubCanary, "Format": "json"}},
		Command:    []string{"serve", "--password", scrubCanary},
		EntryPoint: []string{"/bin/sh", "-c", "exec app --api-key=" + scrubCanary},
	}
}

func TestConvertContainerScrubsCredentials(t *testing.T) {
	cd := convertContainer(leakyContainer())
	b, err := json.Marshal(cd)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(scrubCanary)) {
		t.Fatalf("a credential reached the container definition: %s", b)
	}
	want := []string{"command", "entry_point", "health_check.command", "log_configuration.options.Authorization",
		"log_configuration.options.Header", "log_configuration.options.apikey", "log_configuration.options.url"}
	if !slices.Equal(cd.CredentialsIn, want) {
		t.Errorf("CredentialsIn = %v, want %v", cd.CredentialsIn, want)
	}
	// What is not a credential is kept, so the checks still see the health
	// check, the log driver and its harmless options.
	if cd.HealthCheck == nil || cd.HealthCheck.Command[0] != "CMD-SHELL" || cd.HealthCheck.Command[1] != inventory.CredentialRemoved {
		t.Errorf("health check: %+v", cd.HealthCheck)
	}
	if l := cd.LogConfiguration; l == nil || l.Driver != "awsfirelens" || l.Options["Format"] != "json" || l.Options["url"] != inventory.CredentialRemoved {
		t.Errorf("log configuration: %+v", cd.LogConfiguration)
	}
	clean := convertContainer(ecstypes.ContainerDefinition{Name: aws.String("ok"),
		HealthCheck: &ecstypes.HealthCheck{Command: []string{"CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"}},
		Command:     []string{"serve", "--port", "8080"}})
	if len(clean.CredentialsIn) != 0 || clean.HealthCheck.Command[1] != "curl -f http://localhost:8080/health || exit 1" {
		t.Errorf("a clean container was scrubbed: %+v", clean)
	}
}

// TestImportScrubsCredentials: aws CLI output imported offline goes through
// the same conversion, so the same canaries never reach the snapshot.
func TestImportScrubsCredentials(t *testing.T) {
	snap := importEditedContainer(t, func(c map[string]any) {
		c["healthCheck"] = map[string]any{"command": []any{"CMD-SHELL", "curl -u health:" + scrubCanary + " http://localhost/"}}
		c["logConfiguration"] = map[string]any{"logDriver": "awsfirelens", "options": map[string]any{
			"url": "https://ops:" + scrubCanary + "@logs.example.com", "Header": "Authorization Bearer " + scrubCanary}}
		c["command"] = []any{"serve", "--password=" + scrubCanary}
		c["entryPoint"] = []any{"sh", "-c", "app --token " + scrubCanary + " --api-key=" + scrubCanary}
	})
	b, err := inventory.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b, []byte(scrubCanary)) {
		t.Fatal("import stored a credential")
	}
	var got []string
	for _, td := range regionOf(snap, "012345678910", "us-east-1").ECS.TaskDefinitions { // where the example's ARN files it
		for _, c := range td.Containers {
			got = append(got, c.CredentialsIn...)
		}
	}
	want := []string{"command", "entry_point", "health_check.command", "log_configuration.options.Header", "log_configuration.options.url"}
	if !slices.Equal(got, want) {
		t.Errorf("verdicts kept: %v, want %v", got, want)
	}
}

// TestImportMarksFailedCalls: a call the collect script ran and the aws CLI
// refused leaves FILE.json.err; import records it and marks the role it was
// about, and an inline policy listed without its document marks it too, so
// the offline path never shows a role as having fewer policies than it has.
func TestImportMarksFailedCalls(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		gaps  []string
		codes []string
	}{
		{"inline policy throttled", map[string]string{
			"list-role-policies.app%2Etask.json":          `{"PolicyNames": ["admin", "s3"]}`,
			"get-role-policy.app%2Etask.s3.json":          `{"RoleName": "app.task", "PolicyName": "s3", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}`,
			"get-role-policy.app%2Etask.admin.json.err":   "An error occurred (Throttling) when calling the GetRolePolicy operation: Rate exceeded",
			"list-attached-role-policies.app%2Etask.json": `{"AttachedPolicies": []}`,
		}, []string{"iam GetRolePolicy: CallFailed", "iam GetRolePolicy: MissingFile"}, []string{"iam GetRolePolicy CallFailed"}},
		{"attached policies denied", map[string]string{
			"list-role-policies.app%2Etask.json":              `{"PolicyNames": []}`,
			"list-attached-role-policies.app%2Etask.json.err": "An error occurred (AccessDenied) when calling the ListAttachedRolePolicies operation",
		}, []string{"iam ListAttachedRolePolicies: CallFailed"}, []string{"iam ListAttachedRolePolicies CallFailed"}},
		{"complete", map[string]string{
			"list-role-policies.app%2Etask.json":          `{"PolicyNames": ["s3"]}`,
			"get-role-policy.app%2Etask.s3.json":          `{"RoleName": "app.task", "PolicyName": "s3", "PolicyDocument": {"Version": "2012-10-17", "Statement": []}}`,
			"list-attached-role-policies.app%2Etask.json": `{"AttachedPolicies": []}`,
		}, nil, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir, path, doc := awscliTaskDefinition(t)
			doc["taskDefinition"].(map[string]any)["taskRoleArn"] = "arn:aws:iam::123456789012:role/app.task"
			out, _ := json.Marshal(doc)
			files := map[string]string{"get-account-summary.json": `{"SummaryMap": {"Roles": 1}}`,
				"get-role.app%2Etask.json": `{"Role": {"RoleName": "app.task", "Arn": "arn:aws:iam::123456789012:role/app.task", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}}}`}
			for k, v := range c.files {
				files[k] = v
			}
			must := func(err error) {
				if err != nil {
					t.Fatal(err)
				}
			}
			must(os.WriteFile(path, out, 0o644))
			must(os.MkdirAll(filepath.Join(dir, "iam"), 0o755))
			for name, body := range files {
				must(os.WriteFile(filepath.Join(dir, "iam", name), []byte(body), 0o644))
			}
			snap, err := Import(dir, ImportOptions{Now: fixedClock})
			if err != nil {
				t.Fatal(err)
			}
			roles := accountOf(snap, "123456789012").IAM.Roles
			if len(roles) != 1 || roles[0].ARN != "arn:aws:iam::123456789012:role/app.task" {
				t.Fatalf("roles: %+v", roles)
			}
			if !slices.Equal(roles[0].Gaps, c.gaps) {
				t.Errorf("role gaps %v, want %v", roles[0].Gaps, c.gaps)
			}
			var codes []string
			for _, e := range snap.Collection.Errors {
				if e.Service == "iam" {
					codes = append(codes, e.Service+" "+e.Operation+" "+e.Code)
				}
			}
			if !slices.Equal(codes, c.codes) {
				t.Errorf("iam collection errors %v, want %v", codes, c.codes)
			}
		})
	}
}

// awscliTaskDefinition copies the aws CLI output folder of testdata to a
// temporary folder and returns it, the path of its describe-task-definition
// file and that file decoded, for a test to edit and write back.
func awscliTaskDefinition(t *testing.T) (dir, path string, doc map[string]any) {
	t.Helper()
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "eu-west-1", "ecs", "describe-task-definition.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return dir, path, doc
}

// importEditedContainer imports the aws CLI examples after edit has changed
// the first container definition of the eu-west-1 task definition.
func importEditedContainer(t *testing.T, edit func(c map[string]any)) *inventory.Snapshot {
	t.Helper()
	dir, path, doc := awscliTaskDefinition(t)
	edit(doc["taskDefinition"].(map[string]any)["containerDefinitions"].([]any)[0].(map[string]any))
	out, _ := json.Marshal(doc)
	if err := os.WriteFile(path, out, 0o644); err != nil {
		t.Fatal(err)
	}
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}
