package submission

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/catalog"
	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
	"github.com/ecspack/ecspack/render/pdf"
)

func TestListTasksOutput(t *testing.T) {
	c := inventory.Cluster{Name: "prod", Tasks: []inventory.Task{
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:task/prod/bbb", DesiredStatus: "RUNNING", LastStatus: "RUNNING"},
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:task/prod/aaa", DesiredStatus: "RUNNING", LastStatus: "PENDING"},
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:task/prod/ccc", DesiredStatus: "STOPPED", LastStatus: "RUNNING"},
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:task/prod/ddd", LastStatus: "STOPPED"},
		{ARN: "arn:aws:ecs:eu-west-1:111122223333:task/prod/eee", LastStatus: "RUNNING"},
	}}
	got, err := listTasksOutput(&c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
    "taskArns": [
        "arn:aws:ecs:eu-west-1:111122223333:task/prod/aaa",
        "arn:aws:ecs:eu-west-1:111122223333:task/prod/bbb",
        "arn:aws:ecs:eu-west-1:111122223333:task/prod/eee"
    ]
}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	empty, _ := listTasksOutput(&inventory.Cluster{Name: "idle"})
	if empty != "{\n    \"taskArns\": []\n}" {
		t.Errorf("empty cluster: %q", empty)
	}
}

func TestDescribeCapacityProvidersOutput(t *testing.T) {
	cps := []inventory.CapacityProvider{
		{Name: "FARGATE", Status: "ACTIVE"},
		{Name: "ec2-cp", ARN: "arn:aws:ecs:cn-north-1:111122223333:capacity-provider/ec2-cp", Status: "ACTIVE",
			AutoScalingGroupARN:          "arn:aws-cn:autoscaling:cn-north-1:111122223333:autoScalingGroup:1:autoScalingGroupName/asg",
			ManagedScaling:               &inventory.ManagedScaling{Status: "ENABLED", TargetCapacity: 90, MinimumScalingStepSize: 1, MaximumScalingStepSize: 10000, InstanceWarmupPeriod: 300},
			ManagedTerminationProtection: "ENABLED", Tags: map[string]string{"team": "a&b", "env": "prod"}},
	}
	got, err := describeCapacityProvidersOutput("111122223333", "cn-north-1", cps)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
    "capacityProviders": [
        {
            "capacityProviderArn": "arn:aws-cn:ecs:cn-north-1:111122223333:capacity-provider/FARGATE",
            "name": "FARGATE",
            "status": "ACTIVE",
            "tags": []
        },
        {
            "capacityProviderArn": "arn:aws:ecs:cn-north-1:111122223333:capacity-provider/ec2-cp",
            "name": "ec2-cp",
            "status": "ACTIVE",
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": "arn:aws-cn:autoscaling:cn-north-1:111122223333:autoScalingGroup:1:autoScalingGroupName/asg",
                "managedScaling": {
                    "status": "ENABLED",
                    "targetCapacity": 90,
                    "minimumScalingStepSize": 1,
                    "maximumScalingStepSize": 10000,
                    "instanceWarmupPeriod": 300
                },
                "managedTerminationProtection": "ENABLED"
            },
            "tags": [
                {
                    "key": "env",
                    "value": "prod"
                },
                {
                    "key": "team",
                    "value": "a&b"
                }
            ]
        }
    ]
}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDescribeSpotFleetRequestsOutput(t *testing.T) {
	reqs := []inventory.SpotFleetRequest{{
		ID: "sfr-1", State: "active", AllocationStrategy: "capacityOptimized", TargetCapacity: 4, OnDemandTarget: 1,
		InstanceTypes: []string{"m6i.large", "m5.large"}, Subnets: []string{"subnet-a", "subnet-b"},
		ReplaceUnhealthy: true, CapacityRebalance: true,
		CreateTime: time.Date(2026, 2, 3, 4, 5, 6, 789000000, time.UTC),
	}}
	got, err := describeSpotFleetRequestsOutput(reqs)
	if err != nil {
		t.Fatal(err)
	}
	want := `{
    "SpotFleetRequestConfigs": [
        {
            "CreateTime": "2026-02-03T04:05:06.789000+00:00",
            "SpotFleetRequestConfig": {
                "AllocationStrategy": "capacityOptimized",
                "LaunchSpecifications": [
                    {
                        "InstanceType": "m6i.large",
                        "SubnetId": "subnet-a, subnet-b"
                    },
                    {
                        "InstanceType": "m5.large",
                        "SubnetId": "subnet-a, subnet-b"
                    }
                ],
                "SpotMaintenanceStrategies": {
                    "CapacityRebalance": {}
                },
                "TargetCapacity": 4,
                "OnDemandTargetCapacity": 1,
                "ReplaceUnhealthyInstances": true
            },
            "SpotFleetRequestId": "sfr-1",
            "SpotFleetRequestState": "active"
        }
    ]
}`
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	none, _ := describeSpotFleetRequestsOutput(nil)
	if none != "{\n    \"SpotFleetRequestConfigs\": []\n}" {
		t.Errorf("no fleets: %q", none)
	}
	if got := cliTime(time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))); got != "2026-01-02T02:04:05+00:00" {
		t.Errorf("cliTime = %s", got)
	}
}

func TestOpenInside(t *testing.T) {
	base := t.TempDir()
	outside := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(base, "attachments"), 0o755))
	must(os.WriteFile(filepath.Join(base, "attachments", "ok.png"), []byte("x"), 0o644))
	must(os.WriteFile(filepath.Join(outside, "secret.png"), []byte("x"), 0o644))
	must(os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(base, "attachments", "link.png")))
	must(os.Symlink(outside, filepath.Join(base, "linkdir")))
	must(syscall.Mkfifo(filepath.Join(base, "attachments", "fifo.png"), 0o644))
	must(os.Link(filepath.Join(outside, "secret.png"), filepath.Join(base, "attachments", "hard.png")))
	big, err := os.Create(filepath.Join(base, "attachments", "huge.png"))
	must(err)
	must(big.Truncate(5 << 30)) // sparse
	big.Close()
	for _, tc := range []struct {
		dest    string
		outside bool // refused as escaping
		ok      bool
		hostile bool // refused as no image file: fatal too
	}{
		{"attachments/ok.png", false, true, false},
		{"./attachments/ok.png", false, true, false},
		{"attachments/o%6B.png", false, true, false},
		{"../" + filepath.Base(outside) + "/secret.png", true, false, false},
		{"attachments/../../x.png", true, false, false},
		{filepath.Join(outside, "secret.png"), true, false, false},
		{"/etc/passwd", true, false, false},
		{"attachments/link.png", true, false, false},
		{"linkdir/secret.png", true, false, false},
		{"attachments/missing.png", false, false, false},
		{"attachments", false, false, true},
		{"attachments/fifo.png", false, false, true},
		{"attachments/hard.png", false, false, true},
		{"attachments/huge.png", false, false, true},
	} {
		f, err := openInside(base, tc.dest)
		if f != nil {
			f.Close()
		}
		if (err == nil) != tc.ok || errors.Is(err, errOutside) != tc.outside || errors.Is(err, errHostile) != tc.hostile {
			t.Errorf("%s: err = %v; want ok=%v outside=%v hostile=%v", tc.dest, err, tc.ok, tc.outside, tc.hostile)
		}
		if err != nil && strings.Contains(err.Error(), base) {
			t.Errorf("%s: err = %v names a path of the machine", tc.dest, err)
		}
	}
	// Through the Markdown hook: escaping is fatal, remote is a note.
	open := imageOpener(base, "answers/ECS-001.md", false)
	if _, _, err := open("../x.png"); !errors.Is(err, pdf.ErrFatal) || !strings.Contains(err.Error(), "answers/ECS-001.md") {
		t.Errorf("escaping image: err = %v, want ErrFatal naming the answer", err)
	}
	if _, _, err := open("attachments/fifo.png"); !errors.Is(err, pdf.ErrFatal) || !strings.Contains(err.Error(), "named pipe (FIFO)") {
		t.Errorf("FIFO image: err = %v, want ErrFatal saying what it is", err)
	}
	if _, _, err := open("https://example.com/x.png"); err == nil || errors.Is(err, pdf.ErrFatal) {
		t.Errorf("remote image: err = %v, want a non-fatal error", err)
	}
}

// smallCase is a casefile of one case study with one answer, built in memory.
func smallCase(t *testing.T, answer string, findings []assess.Finding) Input {
	t.Helper()
	cat, err := catalog.Load("2025-02")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cs := &evidence.CaseStudy{ID: "acme", Dir: dir, Title: "Acme on ECS", Customer: evidence.Customer{Name: "Acme Corp"},
		Answers: map[string]*evidence.Answer{"ECS-001": {ControlID: "ECS-001", File: filepath.Join(dir, "answers", "ECS-001.md"), Body: []byte(answer)}}}
	cf := &evidence.Casefile{Dir: dir, Checklist: "2025-02", Package: evidence.PackageInfo{ID: "ACME-1", Date: evidence.Date{Time: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}},
		Partner: evidence.Partner{Name: "Partner Co"}, CaseStudies: []*evidence.CaseStudy{cs}, Answers: map[string]*evidence.Answer{}}
	rep := &assess.Report{Checklist: "2025-02", CaseStudies: []assess.CaseResult{{ID: "acme", Controls: []assess.ControlResult{
		{ID: "ECS-001", Status: assess.NotMet, Reason: "checks failed", Findings: findings, Answered: true},
		{ID: "ECS-004", Status: assess.Met, Findings: []assess.Finding{}},
	}}}}
	// Not a draft: the DRAFT mark across every page interleaves its letters
	// with the text pdftotext reads back, wherever the layout puts them.
	rep.Ready = true
	return Input{Casefile: cf, Catalog: cat, Report: rep}
}

func TestFindingsTableIsBounded(t *testing.T) {
	var fs []assess.Finding
	for i := range 100 {
		fs = append(fs, assess.Finding{Check: "ECS-001.compute", Outcome: assess.Pass, Resource: fmt.Sprintf("svc-pass-%03d", i), Message: "ok"})
	}
	fs = append(fs, assess.Finding{Check: "ECS-001.workload", Outcome: assess.Fail, Resource: "svc-failing", Message: "runs outside ECS"})
	fs = append(fs, assess.Finding{Check: "ECS-001.workload", Outcome: assess.Warn, Resource: "svc-warning", Message: "hmm"})
	data, err := Render(context.Background(), smallCase(t, "We run on ECS. See [tags](#ECS-004).", fs))
	if err != nil {
		t.Fatal(err)
	}
	text := squash(strings.Join(pages(t, writePDF(t, data)), " "))
	for _, want := range []string{"svc-failing", "svc-warning", "svc-pass-037", "62 more in the XLSX Findings sheet", "1 fail, 1 warn, 100 pass"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if strings.Contains(text, "svc-pass-038") {
		t.Error("more than 40 findings rows printed")
	}
}

func TestAnswerLinksResolveToTheCaseControl(t *testing.T) {
	in := smallCase(t, "See [tagging](#ECS-004), [ECS-005](control:ecs-005) and [the SOP](sop:acct).", nil)
	in.SOPs = []Document{{ID: "acct", Title: "Account governance", Controls: []string{"ACCT-001"}, Markdown: []byte("Text.")}}
	r := newRenderer(in)
	res := r.resolver("acme")
	for dest, want := range map[string]string{
		"#ECS-004":         "case/acme/ECS-004",
		"control:ecs-004":  "case/acme/ECS-004",
		"#1.1":             "control/1.1",
		"sop:acct":         "sop/acct",
		"#ECS-005":         "readiness", // assessed in no case study: the readiness summary
		"#no-such-control": "",
	} {
		got, ok := res(dest)
		if got != want || ok != (want != "") {
			t.Errorf("resolve(%q) = %q, %v; want %q", dest, got, ok, want)
		}
	}
	// In the document, every link lands on a defined anchor.
	assertNoDanglingLinks(t, r)
}

func TestAnswerImages(t *testing.T) {
	in := smallCase(t, "Our console:\n\n![console](attachments/console.png)\n", nil)
	dir := in.Casefile.CaseStudies[0].Dir
	if err := os.MkdirAll(filepath.Join(dir, "attachments"), 0o755); err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 120, 60))
	for x := range 120 {
		img.Set(x, 30, color.RGBA{200, 0, 0, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "attachments", "console.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := Render(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	list := run(t, "pdfimages", "-list", writePDF(t, data))
	n := 0
	for _, l := range strings.Split(list, "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[2] == "image" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("want the one attached image in the PDF, pdfimages lists %d:\n%s", n, list)
	}

	bad := smallCase(t, "![secret](../../etc/passwd.png)\n", nil)
	_, err = Render(context.Background(), bad)
	if err == nil || !errors.Is(err, pdf.ErrFatal) || !strings.Contains(err.Error(), "ECS-001.md") {
		t.Errorf("escaping image: err = %v, want a fatal error naming the answer file", err)
	}
}

func TestImageOpenerHidesPathsAndRedactedImages(t *testing.T) {
	base := t.TempDir()
	if _, _, err := imageOpener(base, "answers/ECS-001.md", true)("shot.png"); !errors.Is(err, errRedactedImage) {
		t.Errorf("redacted case study: err %v, want errRedactedImage", err)
	}
	_, _, err := imageOpener(base, "answers/ECS-001.md", false)("missing.png")
	if err == nil || strings.Contains(err.Error(), base) || !strings.Contains(err.Error(), "missing.png does not exist") {
		t.Errorf("missing image: %v — want the relative name only, never the build machine's path", err)
	}
}
