package discover

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/guardduty"
	gdtypes "github.com/aws/aws-sdk-go-v2/service/guardduty/types"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

// TestDiscoverGuardDutyAgentManagementInMoto: GetDetector's Runtime
// Monitoring feature is read with both agent-management settings, so that
// ECS-011 can require the EC2 agent on EC2-backed clusters (issue 16).
func TestDiscoverGuardDutyAgentManagementInMoto(t *testing.T) {
	moto.Require(t)
	moto.Reset(t)
	ctx := mototest.Context(t)
	c := guardduty.NewFromConfig(moto.Config())
	det, err := c.CreateDetector(ctx, &guardduty.CreateDetectorInput{Enable: aws.Bool(true)})
	if err != nil {
		t.Fatal(err)
	}
	cfg := func(n gdtypes.FeatureAdditionalConfiguration, s gdtypes.FeatureStatus) gdtypes.DetectorAdditionalConfiguration {
		return gdtypes.DetectorAdditionalConfiguration{Name: n, Status: s}
	}
	if _, err := c.UpdateDetector(ctx, &guardduty.UpdateDetectorInput{DetectorId: det.DetectorId, Features: []gdtypes.DetectorFeatureConfiguration{
		{Name: gdtypes.DetectorFeatureS3DataEvents, Status: gdtypes.FeatureStatusEnabled},
		{Name: gdtypes.DetectorFeatureRuntimeMonitoring, Status: gdtypes.FeatureStatusEnabled, AdditionalConfiguration: []gdtypes.DetectorAdditionalConfiguration{
			cfg(gdtypes.FeatureAdditionalConfigurationEcsFargateAgentManagement, gdtypes.FeatureStatusEnabled),
			cfg(gdtypes.FeatureAdditionalConfigurationEc2AgentManagement, gdtypes.FeatureStatusDisabled),
			cfg(gdtypes.FeatureAdditionalConfigurationEksAddonManagement, gdtypes.FeatureStatusEnabled),
		}},
		{Name: gdtypes.DetectorFeatureEksRuntimeMonitoring, Status: gdtypes.FeatureStatusEnabled},
	}}); err != nil {
		t.Fatal(err)
	}
	snap, err := RunConfig(ctx, moto.Config(), Options{Regions: []string{mototest.Region}, Services: []string{"guardduty"}, Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	home := homeRegion(t, snap)
	gd := home.GuardDuty
	want := inventory.Detector{ID: aws.ToString(det.DetectorId), Status: "ENABLED", RuntimeMonitoring: "ENABLED",
		ECSFargateAgent: "ENABLED", EC2Agent: "DISABLED", EKSRuntimeMonitoring: "ENABLED"}
	if len(gd) != 1 || !sameDetector(gd[0], want) {
		t.Errorf("detectors: %+v, want %+v", gd, want)
	}
}

func sameDetector(a, b inventory.Detector) bool {
	return a.ID == b.ID && a.Status == b.Status && a.RuntimeMonitoring == b.RuntimeMonitoring && a.ECSFargateAgent == b.ECSFargateAgent &&
		a.EC2Agent == b.EC2Agent && a.EKSRuntimeMonitoring == b.EKSRuntimeMonitoring && len(a.Gaps) == len(b.Gaps)
}

// TestImportGuardDutyAgentManagement reads a get-detector output in the aws
// CLI's format (the GetDetector response shape of the GuardDuty API
// reference, with Runtime Monitoring on and the EC2 agent managed).
func TestImportGuardDutyAgentManagement(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/awscli")); err != nil {
		t.Fatal(err)
	}
	gdDir := filepath.Join(dir, "eu-west-1", "guardduty")
	if err := os.MkdirAll(gdDir, 0o755); err != nil {
		t.Fatal(err)
	}
	const out = `{
    "CreatedAt": "2023-01-10T10:00:00.000Z",
    "FindingPublishingFrequency": "SIX_HOURS",
    "ServiceRole": "arn:aws:iam::123456789012:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
    "Status": "ENABLED",
    "UpdatedAt": "2024-05-02T08:30:00.000Z",
    "Tags": {},
    "Features": [
        {"Name": "CLOUD_TRAIL", "Status": "ENABLED", "UpdatedAt": "2024-05-02T08:30:00+00:00"},
        {"Name": "RUNTIME_MONITORING", "Status": "ENABLED", "UpdatedAt": "2024-05-02T08:30:00+00:00",
         "AdditionalConfiguration": [
            {"Name": "EKS_ADDON_MANAGEMENT", "Status": "DISABLED", "UpdatedAt": "2024-05-02T08:30:00+00:00"},
            {"Name": "ECS_FARGATE_AGENT_MANAGEMENT", "Status": "ENABLED", "UpdatedAt": "2024-05-02T08:30:00+00:00"},
            {"Name": "EC2_AGENT_MANAGEMENT", "Status": "ENABLED", "UpdatedAt": "2024-05-02T08:30:00+00:00"}
         ]},
        {"Name": "EKS_RUNTIME_MONITORING", "Status": "DISABLED", "UpdatedAt": "2024-05-02T08:30:00+00:00"}
    ]
}`
	if err := os.WriteFile(filepath.Join(gdDir, "get-detector.12abc34d567e8fa901bc2d34eexample.json"), []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	snap, err := Import(dir, ImportOptions{Now: fixedClock})
	if err != nil {
		t.Fatal(err)
	}
	home := homeRegion(t, snap)
	gd := home.GuardDuty
	want := inventory.Detector{ID: "12abc34d567e8fa901bc2d34eexample", Status: "ENABLED", RuntimeMonitoring: "ENABLED",
		ECSFargateAgent: "ENABLED", EC2Agent: "ENABLED", EKSRuntimeMonitoring: "DISABLED"}
	if len(gd) != 1 || !sameDetector(gd[0], want) {
		t.Errorf("imported detectors: %+v, want %+v", gd, want)
	}
}
