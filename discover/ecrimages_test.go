package discover

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

func TestParseECRImage(t *testing.T) {
	const host = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/"
	for _, c := range []struct {
		image    string
		repo     string
		ref      string
		expected bool
	}{
		{host + "web:1.2", "web", "1.2", true},
		{host + "team/web", "team/web", "latest", true},
		{host + "team/web@sha256:abc", "team/web", "sha256:abc", true},
		{"111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1", "", "", false}, // another region
		{"444455556666.dkr.ecr.eu-west-1.amazonaws.com/web:1", "", "", false},     // another account
		{"public.ecr.aws/nginx/nginx:1.27", "", "", false},
		{"nginx:latest", "", "", false},
		{"localhost:5000/web:1", "", "", false},
		{host, "", "", false},
		{host + "web:", "", "", false},
	} {
		got, ok := parseECRImage(c.image, "111122223333", "eu-west-1")
		if ok != c.expected || (ok && (got.repo != c.repo || got.ref != c.ref)) {
			t.Errorf("parseECRImage(%q) = %+v, %v; want %s %s, %v", c.image, got, ok, c.repo, c.ref, c.expected)
		}
	}
	if got, ok := parseECRImage("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1", "111122223333", "cn-north-1"); !ok || got.repo != "web" {
		t.Errorf("a China region image: %+v %v", got, ok)
	}
}

// plantECR creates, in moto, repository "app" with a public-pull policy and
// an image tagged 1.0, repository "plain" without policy, and a service whose
// task definition runs app:1.0, app:gone (no such tag) and a public image.
func plantECR(t *testing.T) {
	t.Helper()
	ctx, cfg := mototest.Context(t), moto.Config()
	c := ecr.NewFromConfig(cfg)
	var uri string
	for _, name := range []string{"app", "plain"} {
		out, err := c.CreateRepository(ctx, &ecr.CreateRepositoryInput{RepositoryName: aws.String(name)})
		if err != nil {
			t.Fatal(err)
		}
		if name == "app" {
			uri = aws.ToString(out.Repository.RepositoryUri)
		}
	}
	const manifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}`
	if _, err := c.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String("app"), ImageManifest: aws.String(manifest), ImageTag: aws.String("1.0")}); err != nil {
		t.Fatal(err)
	}
	const policy = `{"Version":"2008-10-17","Statement":[{"Sid":"public pull","Effect":"Allow","Principal":"*","Action":["ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"]}]}`
	if _, err := c.SetRepositoryPolicy(ctx, &ecr.SetRepositoryPolicyInput{RepositoryName: aws.String("app"), PolicyText: aws.String(policy)}); err != nil {
		t.Fatal(err)
	}
	e := ecs.NewFromConfig(cfg)
	if _, err := e.CreateCluster(ctx, &ecs.CreateClusterInput{ClusterName: aws.String("images")}); err != nil {
		t.Fatal(err)
	}
	cd := func(name, image string) ecstypes.ContainerDefinition {
		return ecstypes.ContainerDefinition{Name: aws.String(name), Image: aws.String(image), Memory: aws.Int32(128)}
	}
	td, err := e.RegisterTaskDefinition(ctx, &ecs.RegisterTaskDefinitionInput{Family: aws.String("images"), ContainerDefinitions: []ecstypes.ContainerDefinition{
		cd("app", uri+":1.0"), cd("old", uri+":gone"), cd("proxy", "public.ecr.aws/nginx/nginx:1.27")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateService(ctx, &ecs.CreateServiceInput{Cluster: aws.String("images"), ServiceName: aws.String("images"),
		TaskDefinition: td.TaskDefinition.TaskDefinitionArn, DesiredCount: aws.Int32(0)}); err != nil {
		t.Fatal(err)
	}
}

// TestDiscoverECRImagesAndPoliciesInMoto: the images task definitions run
// are looked up in ECR (found, or gone), and every repository's policy is
// read, a repository without one being known to have none (ECS-010, issue 16).
func TestDiscoverECRImagesAndPoliciesInMoto(t *testing.T) {
	moto.Require(t)
	moto.Reset(t)
	plantECR(t)
	snap, err := RunConfig(mototest.Context(t), moto.Config(), Options{Regions: []string{mototest.Region}, Services: []string{"ecs", "ecr"}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Collection.Errors) != 0 {
		t.Errorf("not-found answers are facts, not gaps: %+v", snap.Collection.Errors)
	}
	repos := map[string]inventory.Repository{}
	for _, r := range snap.Accounts[0].Regions[0].ECR.Repositories {
		repos[r.Name] = r
	}
	app, plain := repos["app"], repos["plain"]
	if !app.PolicyCollected || !strings.Contains(app.Policy, `"Principal":"*"`) || len(app.Gaps) != 0 {
		t.Errorf("app's policy: collected %v %q gaps %v", app.PolicyCollected, app.Policy, app.Gaps)
	}
	if !plain.PolicyCollected || plain.Policy != "" || len(plain.Images) != 0 {
		t.Errorf("plain: %+v", plain)
	}
	if len(app.Images) != 2 {
		t.Fatalf("app's images: %+v", app.Images)
	}
	found, gone := app.Images[0], app.Images[1]
	if found.Reference != "1.0" || found.Missing || !strings.HasPrefix(found.Digest, "sha256:") || !slices.Equal(found.Tags, []string{"1.0"}) || found.PushedAt.IsZero() {
		t.Errorf("app:1.0: %+v", found)
	}
	if gone.Reference != "gone" || !gone.Missing || gone.Digest != "" || len(gone.Gaps) != 0 {
		t.Errorf("app:gone: %+v", gone)
	}
}

// TestImportECRImagesAndPolicies reads the aws CLI's own example outputs of
// get-repository-policy and describe-images, a describe-images output with
// scan results in the API's shape, and the errors the collect script keeps
// for a repository without policy and a tag that does not exist.
func TestImportECRImagesAndPolicies(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	d := filepath.Join(dir, "eu-west-1", "ecr")
	for name, body := range map[string]string{
		"describe-repositories.json": `{"repositories": [
			{"registryId": "012345678910", "repositoryName": "cluster-autoscaler", "repositoryArn": "arn:aws:ecr:eu-west-1:012345678910:repository/cluster-autoscaler"},
			{"registryId": "012345678910", "repositoryName": "web", "repositoryArn": "arn:aws:ecr:eu-west-1:012345678910:repository/web"}]}`,
		"get-repository-policy.cluster-autoscaler.json":         exampleRepositoryPolicy,
		"get-repository-policy.web.json.err":                    "\nAn error occurred (RepositoryPolicyNotFoundException) when calling the GetRepositoryPolicy operation: Repository policy does not exist for the repository with name 'web' in the registry with id '012345678910'\n",
		"describe-images.cluster-autoscaler%3Av1%2E13%2E6.json": exampleDescribeImages,
		"describe-images.web%3A2%2E0.json":                      scannedDescribeImages,
		"describe-images.web%3Agone.json.err":                   "\nAn error occurred (ImageNotFoundException) when calling the DescribeImages operation: The image with imageId {imageDigest:'null', imageTag:'gone'} does not exist within the repository with name 'web' in the registry with id '012345678910'\n",
	} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	// The folder is account 123456789012's (sts/get-caller-identity.json);
	// the repositories' ARNs, like the CLI examples' registryId, name
	// 012345678910. Import files them there, and their policies and image
	// look-ups (read from files that sort before describe-repositories)
	// must follow them. That other place has no folder of its own, which
	// is a NotCollected gap there and nothing else.
	for _, e := range snap.Collection.Errors {
		folder := e.Account == "123456789012" && e.Region == "eu-west-1"
		if e.Service == "ecr" && e.Code != "MissingFile" && (folder || e.Code != "NotCollected") {
			t.Errorf("not-found answers are facts, not gaps: %+v", e)
		}
	}
	if home := regionOf(snap, "123456789012", "eu-west-1"); home == nil || len(home.ECR.Repositories) != 0 {
		t.Errorf("the folder's region must keep no repository of another account: %+v", home)
	}
	reg := regionOf(snap, "012345678910", "eu-west-1")
	if reg == nil {
		t.Fatalf("no region 012345678910/eu-west-1 (the repositories' ARNs) in %+v", snap.Accounts)
	}
	repos := map[string]inventory.Repository{}
	for _, r := range reg.ECR.Repositories {
		repos[r.Name] = r
	}
	ca, web := repos["cluster-autoscaler"], repos["web"]
	if !ca.PolicyCollected || !strings.Contains(ca.Policy, `"Principal" : "*"`) {
		t.Errorf("cluster-autoscaler's policy: %v %q", ca.PolicyCollected, ca.Policy)
	}
	if len(ca.Images) != 1 || ca.Images[0].Reference != "v1.13.6" || ca.Images[0].Missing || ca.Images[0].ScanStatus != "" ||
		ca.Images[0].Digest != "sha256:4a1c6567c38904384ebc64e35b7eeddd8451110c299e3368d2210066487d97e5" || ca.Images[0].PushedAt.Unix() != 1565128275 {
		t.Errorf("cluster-autoscaler's image (never scanned): %+v", ca.Images)
	}
	if !web.PolicyCollected || web.Policy != "" || len(web.Images) != 2 {
		t.Fatalf("web: %+v", web)
	}
	scanned, gone := web.Images[0], web.Images[1]
	want := inventory.RepositoryImage{Reference: "2.0", Digest: "sha256:764f63476bdff6d83a09ba2a818f0d35757063724a9ac3ba5019c56f74ebf42a",
		Tags: []string{"2.0", "latest"}, ScanStatus: "COMPLETE", ScanStatusDescription: "The scan was completed successfully.",
		FindingCounts: map[string]int{"CRITICAL": 1, "HIGH": 3, "MEDIUM": 7}}
	if scanned.Reference != want.Reference || scanned.Digest != want.Digest || !slices.Equal(scanned.Tags, want.Tags) || scanned.ScanStatus != want.ScanStatus ||
		scanned.ScanStatusDescription != want.ScanStatusDescription || len(scanned.FindingCounts) != 3 || scanned.FindingCounts["CRITICAL"] != 1 ||
		scanned.FindingCounts["HIGH"] != 3 || !scanned.ScanCompletedAt.Equal(time.Date(2024, 5, 2, 8, 30, 0, 0, time.UTC)) || scanned.VulnerabilitySourceUpdatedAt.IsZero() {
		t.Errorf("web:2.0: %+v", scanned)
	}
	if gone.Reference != "gone" || !gone.Missing || len(gone.Gaps) != 0 {
		t.Errorf("web:gone: %+v", gone)
	}
}

// exampleRepositoryPolicy and exampleDescribeImages are the Output:: blocks
// of the aws CLI 1.45.11 examples ecr/get-repository-policy.rst and
// ecr/describe-images.rst (Apache-2.0, written by AWS).
const exampleRepositoryPolicy = `{
    "registryId": "012345678910",
    "repositoryName": "cluster-autoscaler",
    "policyText": "{\n  \"Version\" : \"2008-10-17\",\n  \"Statement\" : [ {\n    \"Sid\" : \"allow public pull\",\n    \"Effect\" : \"Allow\",\n    \"Principal\" : \"*\",\n    \"Action\" : [ \"ecr:BatchCheckLayerAvailability\", \"ecr:BatchGetImage\", \"ecr:GetDownloadUrlForLayer\" ]\n  } ]\n}"
}`

const exampleDescribeImages = `{
    "imageDetails": [
        {
            "registryId": "012345678910",
            "repositoryName": "cluster-autoscaler",
            "imageDigest": "sha256:4a1c6567c38904384ebc64e35b7eeddd8451110c299e3368d2210066487d97e5",
            "imageTags": [
                "v1.13.6"
            ],
            "imageSizeInBytes": 48318255,
            "imagePushedAt": 1565128275.0
        }
    ]
}`

// scannedDescribeImages is a describe-images output with the scan fields of
// the ECR API reference's ImageDetail (imageScanStatus,
// imageScanFindingsSummary), as the aws CLI prints them.
const scannedDescribeImages = `{
    "imageDetails": [
        {
            "registryId": "012345678910",
            "repositoryName": "web",
            "imageDigest": "sha256:764f63476bdff6d83a09ba2a818f0d35757063724a9ac3ba5019c56f74ebf42a",
            "imageTags": ["latest", "2.0"],
            "imageSizeInBytes": 2186,
            "imagePushedAt": 1714638000.0,
            "imageScanStatus": {"status": "COMPLETE", "description": "The scan was completed successfully."},
            "imageScanFindingsSummary": {
                "imageScanCompletedAt": 1714638600.0,
                "vulnerabilitySourceUpdatedAt": 1714600000.0,
                "findingSeverityCounts": {"CRITICAL": 1, "HIGH": 3, "MEDIUM": 7}
            },
            "imageManifestMediaType": "application/vnd.docker.distribution.manifest.v2+json",
            "artifactMediaType": "application/vnd.docker.container.image.v1+json"
        }
    ]
}`

// TestEmptyDescribeImagesIsAGap: an answer without the image is not ECR's
// "not found" (an error), so the image is unknown, not missing.
func TestEmptyDescribeImagesIsAGap(t *testing.T) {
	b := newBuilder("eu-west-1")
	ref := ecrRef{"web", "1.0"}
	b.addRepositoryImage(ref, &ecr.DescribeImagesOutput{})
	if im := b.repoImages[ref]; im.Missing || !slices.Equal(im.Gaps, []string{"ecr DescribeImages: EmptyAnswer"}) {
		t.Errorf("image: %+v", im)
	}
}
