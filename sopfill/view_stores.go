package sopfill

import (
	"cmp"
	"regexp"
	"slices"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/internal/words"
	"github.com/ecspack/ecspack/inventory"
)

// addTrails lists the region's CloudTrail trails and the KMS keys that
// encrypt their logs.
func (v *CaseView) addTrails(rg *estate.Region) {
	rn := rg.Name()
	for _, t := range rg.Region.Trails {
		tv := TrailView{Region: rn, Name: t.Name, Bucket: t.S3Bucket, KMSKey: inventory.ShortName(t.KMSKey), CloudWatchLogs: inventory.ShortName(t.CloudWatchLogsGroup),
			MultiRegion: t.MultiRegion, Validation: t.LogFileValidation, Organization: t.Organization}
		if t.IsLogging != nil {
			tv.Logging = words.YesNo(*t.IsLogging)
		}
		v.Trails = append(v.Trails, tv)
		if t.KMSKey != "" {
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "CloudTrail logs", Resource: t.Name, Key: inventory.ShortName(t.KMSKey)})
		}
	}
}

// addClusterKeys lists the KMS keys the region's clusters name (ECS Exec,
// managed storage, Fargate ephemeral storage) and those of their services'
// EBS volumes.
func (v *CaseView) addClusterKeys(rg *estate.Region) {
	rn := rg.Name()
	for _, c := range rg.Clusters {
		cl := c.Cluster
		for _, k := range []struct{ kind, key string }{{"ECS Exec sessions", cl.ExecuteCommandKMSKey}, {"ECS managed storage", cl.ManagedStorageKMSKey}, {"Fargate ephemeral storage", cl.FargateEphemeralKMSKey}} {
			if k.key != "" {
				v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: k.kind, Resource: "cluster " + cl.Name, Key: inventory.ShortName(k.key)})
			}
		}
		for _, s := range c.Services {
			for _, vol := range s.Service.Volumes {
				if vol.KMSKeyID != "" {
					v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "EBS volume", Resource: cl.Name + "/" + s.Name() + " " + vol.Name, Key: inventory.ShortName(vol.KMSKeyID)})
				}
			}
		}
	}
}

// addStores lists the region's ECR repositories and EFS file systems with
// their KMS keys, its GuardDuty detectors and whether EBS encrypts by
// default.
func (v *CaseView) addStores(rg *estate.Region) {
	rn := rg.Name()
	for _, repo := range rg.Region.ECR.Repositories {
		v.Repositories = append(v.Repositories, RepoView{Region: rn, Name: repo.Name, Mutability: repo.TagMutability, Encryption: cmp.Or(repo.EncryptionType, "AES256"), ScanOnPush: repo.ScanOnPush})
		if repo.KMSKey != "" {
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "ECR repository", Resource: repo.Name, Key: inventory.ShortName(repo.KMSKey)})
		}
	}
	for _, fs := range rg.Region.EFS {
		v.FileSystems = append(v.FileSystems, FileSystemView{Region: rn, ID: fs.ID, Name: fs.Name, KMSKey: inventory.ShortName(fs.KMSKey), Encrypted: fs.Encrypted, MountTargets: len(fs.MountTargets)})
		if fs.KMSKey != "" {
			v.KMS = append(v.KMS, KMSUse{Region: rn, Kind: "EFS file system", Resource: cmp.Or(fs.Name, fs.ID), Key: inventory.ShortName(fs.KMSKey)})
		}
	}
	for _, d := range rg.Region.GuardDuty {
		v.GuardDuty = append(v.GuardDuty, DetectorView{Region: rn, ID: d.ID, Status: d.Status, RuntimeMonitoring: d.RuntimeMonitoring})
	}
	if e := rg.Region.EC2.EBSEncryptionByDefault; e != nil {
		v.EBSEncryptionByDefault = append(v.EBSEncryptionByDefault, RegionFlag{Region: rn, Value: words.YesNo(*e)})
	}
}

// gravitonRE matches Graviton (ARM64) instance types such as m6g.large, c7gn.xlarge, t4g.small.
var gravitonRE = regexp.MustCompile(`^[a-z]+[0-9]+[a-z]*g[a-z]*\.`)

// addAutoScalingGroups lists the region's Auto Scaling groups with the
// capacity provider each backs and the SSM parameter of the ECS-optimized
// AMI for its architecture.
func (v *CaseView) addAutoScalingGroups(rg *estate.Region) {
	provider := map[string]string{}
	for _, cp := range rg.Region.ECS.CapacityProviders {
		if g := providerGroupName(rg, cp.Name); g != "" && provider[g] == "" {
			provider[g] = cp.Name
		}
	}
	for _, g := range rg.Region.AutoScaling.Groups {
		param := "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
		if len(g.InstanceTypes) > 0 && gravitonRE.MatchString(g.InstanceTypes[0]) {
			param = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id"
		}
		v.AutoScalingGroups = append(v.AutoScalingGroups, ASGView{Region: rg.Name(), Name: g.Name, LaunchTemplate: g.LaunchTemplate, CapacityProvider: provider[g.Name], AMIParameter: param,
			Min: g.MinSize, Max: g.MaxSize, Desired: g.DesiredCapacity, InstanceTypes: slices.Clone(g.InstanceTypes), AZs: slices.Clone(g.AvailabilityZones)})
	}
}

// providerGroupName names the Auto Scaling group behind a capacity provider
// (Region.ProviderGroup): the group's name, else the last part of its ARN
// when the snapshot lacks the group; "" for Fargate and unknown providers.
func providerGroupName(rg *estate.Region, provider string) string {
	arn, g := rg.ProviderGroup(provider)
	if g != nil {
		return g.Name
	}
	return inventory.ShortName(arn)
}
