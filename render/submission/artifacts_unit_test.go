package submission

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/testkit/synthcase"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/render/pdf"
)

const (
	unitTD   = "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:7"
	unitRole = "arn:aws:iam::111122223333:role/web-task"
	unitRepo = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/web"
)

// unitEstate is one service "web" whose task definition, role and image
// repository edit may change.
func unitEstate(edit func(r *inventory.Region, a *inventory.Account)) *estate.Estate {
	snap := synthcase.OneRegion("eu-west-1", "prod")
	a := &snap.Accounts[0]
	r := &a.Regions[0]
	c := &r.ECS.Clusters[0]
	c.Services = []inventory.Service{{ARN: "arn:aws:ecs:eu-west-1:111122223333:service/prod/web", Name: "web", ClusterARN: c.ARN, TaskDefinition: unitTD}}
	r.ECS.TaskDefinitions = []inventory.TaskDefinition{{ARN: unitTD, Family: "web", Revision: 7, TaskRoleARN: unitRole,
		Containers: []inventory.ContainerDefinition{{Name: "app", Image: unitRepo + ":v1", Essential: true, MemoryReservation: 256,
			EnvironmentNames: []string{"DB_HOST"}, Secrets: []inventory.SecretRef{{Name: "DB_PASSWORD", ValueFrom: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf"}}}}}}
	r.ECR.Repositories = []inventory.Repository{{ARN: "arn:aws:ecr:eu-west-1:111122223333:repository/web", Name: "web", URI: unitRepo}}
	if edit != nil {
		edit(r, a)
	}
	return estate.New(snap)
}

// TestArtifactsSayWhatIsNotCollected: each artifact the snapshot cannot
// support says "not collected" (or why it cannot be shown) instead of
// printing nothing or a guess.
func TestArtifactsSayWhatIsNotCollected(t *testing.T) {
	cases := []struct {
		name string
		edit func(r *inventory.Region, a *inventory.Account)
		want []string
	}{
		{"task definition not collected", func(r *inventory.Region, _ *inventory.Account) {
			r.ECS.TaskDefinitions[0] = inventory.TaskDefinition{ARN: unitTD, Family: "web", Revision: 7, NotCollected: true}
		},
			[]string{"no example can be shown", "No service's task definition in the snapshot names a task role"}},
		{"role, image and policy not collected", nil,
			[]string{"describe-task-definition --task-definition web:7", "Not collected: the snapshot does not hold this role", "not collected (image not looked up)", "Repository policy: not collected", "Registry scanning, account 111122223333, eu-west-1: not collected"}},
		{"all collected", func(r *inventory.Region, a *inventory.Account) {
			a.IAM.Roles = []inventory.Role{{ARN: unitRole, Name: "web-task", InlinePolicies: []inventory.Policy{{Name: "s3", Document: `{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::web-assets/*"}]}`}},
				AttachedPolicies: []inventory.Policy{{Name: "ReadOnlyAccess", ARN: "arn:aws:iam::aws:policy/ReadOnlyAccess", AWSManaged: true}}}}
			repo := &r.ECR.Repositories[0]
			repo.PolicyCollected, repo.ScanOnPush = true, true
			repo.Images = []inventory.RepositoryImage{{Reference: "v1", ScanStatus: "COMPLETE", FindingCounts: map[string]int{"HIGH": 2}}}
			r.ECR.Scanning = &inventory.RegistryScanning{Type: "ENHANCED", Rules: []inventory.RegistryScanRule{{Frequency: "CONTINUOUS_SCAN"}}}
		}, []string{"Inline policy s3", "arn:aws:s3:::web-assets/*", "ReadOnlyAccess: an AWS managed policy", "COMPLETE", "high 2", "Repository policy: none", "enhanced; continuous scan."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := unitEstate(c.edit)
			out, err := pdf.Render(context.Background(), pdf.Options{Title: "t"}, func(d *pdf.Document) error {
				if err := exampleTaskDefinition(d, e, "2026-01-02 03:04 UTC"); err != nil {
					return err
				}
				taskRolePolicies(d, e, "2026-01-02 03:04 UTC")
				imagesInUse(d, e, "2026-01-02 03:04 UTC")
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			text := strings.Join(strings.Fields(run(t, "pdftotext", "-raw", writePDF(t, out), "-")), " ")
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
		})
	}
}

// TestDescribeTaskDefinitionOutput pins the CLI shape: the keys the aws CLI
// prints first, secrets by reference, environment values as the marker.
func TestDescribeTaskDefinitionOutput(t *testing.T) {
	e := unitEstate(nil)
	out, err := describeTaskDefinitionOutput(e.Services()[0].TaskDef)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out, "{\n    \"taskDefinition\": {\n        \"taskDefinitionArn\": \""+unitTD+"\",\n        \"containerDefinitions\": [") {
		t.Errorf("output does not start as the aws CLI prints it:\n%s", out)
	}
	var v struct {
		TaskDefinition struct {
			ContainerDefinitions []struct {
				Environment []struct{ Name, Value string }
				Secrets     []struct{ Name, ValueFrom string }
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatal(err)
	}
	c := v.TaskDefinition.ContainerDefinitions[0]
	if len(c.Environment) != 1 || c.Environment[0].Name != "DB_HOST" || c.Environment[0].Value != envValueWithheld {
		t.Errorf("environment = %+v", c.Environment)
	}
	if len(c.Secrets) != 1 || !strings.HasPrefix(c.Secrets[0].ValueFrom, "arn:aws:secretsmanager:") {
		t.Errorf("secrets = %+v", c.Secrets)
	}
}
