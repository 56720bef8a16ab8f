package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/estate"
	"github.com/ecspack/ecspack/inventory"
)

// The NETSEC-002 checks of who holds the keys to data ECS stores: the
// images in ECR, Fargate ephemeral storage and ECS managed EBS volumes.
// NETSEC-002 asks that "all cryptographic keys are stored and managed using
// a dedicated key management solution"; the data is encrypted either way,
// so a key the customer does not manage is a warning. Registered in
// netsecChecks (common_netsec.go).

// awsManagedKey reports whether a KMS key reference names an AWS managed
// key (alias/aws/...), or is empty, which for KMS encryption means the
// service's AWS managed key.
func awsManagedKey(key string) bool {
	return key == "" || strings.Contains(key, "alias/aws/")
}

func checkECRCustomerKey(in *Input) []Finding {
	const ev = "ecr:DescribeRepositories encryptionConfiguration (encryptionType, kmsKey)"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "ECR repositories in use are encrypted with customer managed KMS keys"}
	for _, ru := range usedRepositories(in) {
		if ru.repo == nil {
			continue // reported by ECS-010.scanning
		}
		res := ru.resource()
		var how string
		switch enc := strings.ToUpper(ru.repo.EncryptionType); {
		case strings.HasPrefix(enc, "KMS") && !awsManagedKey(ru.repo.KMSKey):
			ps.add(res, fmt.Sprintf("repository %s (%s) is encrypted with customer managed KMS key %s", ru.repo.Name, ru.loc, inventory.ShortName(ru.repo.KMSKey)))
			continue
		case strings.HasPrefix(enc, "KMS"):
			how = "the AWS managed key aws/ecr"
		case enc == "":
			how = "an encryption type the inventory does not record (AES-256 unless set at creation)"
		default:
			how = "AES-256 with S3-managed keys"
		}
		fs = append(fs, Finding{Outcome: Warn, Resource: res,
			Message:     fmt.Sprintf("repository %s (%s), used by %s, is encrypted with %s: its key policy, rotation and use are not the customer's to control or audit", ru.repo.Name, ru.loc, listUpTo(ru.tds, 5), how),
			Evidence:    ev,
			Remediation: "create the repository with encryptionType KMS and a customer managed key (encryption is fixed at creation), replicate or push the images there, and point the task definitions at it"})
	}
	return append(fs, ps.findings()...)
}

func checkECSStorageKey(in *Input) []Finding {
	const ev = "ecs:DescribeClusters configuration.managedStorageConfiguration (fargateEphemeralStorageKmsKeyId, kmsKeyId); ecs:DescribeServices volumeConfigurations[].managedEBSVolume.kmsKeyId"
	var fs []Finding
	ps := &wlPasses{evidence: ev, summary: "clusters encrypt Fargate and ECS managed storage with customer managed keys"}
	for _, rv := range in.Regions {
		for _, cv := range rv.View.Clusters {
			c := cv.Cluster
			var fargate, ebs []string
			for _, sv := range cv.Services {
				if sv.Capacity.UsesFargate() {
					fargate = append(fargate, sv.Service.Name)
				}
				for _, v := range sv.Service.Volumes {
					if v.KMSKeyID == "" && c.ManagedStorageKMSKey == "" {
						ebs = append(ebs, sv.Service.Name+" volume "+v.Name)
					}
				}
			}
			for _, t := range cv.Cluster.Tasks {
				if estate.TaskCompute(&t) == estate.Fargate && len(fargate) == 0 {
					fargate = append(fargate, "standalone tasks")
				}
			}
			if len(fargate) == 0 && len(ebs) == 0 && len(cv.Services) == 0 {
				continue
			}
			where := fmt.Sprintf("cluster %s (%s %s)", c.Name, rv.Account, rv.Region.Name)
			var miss []string
			if len(fargate) > 0 && c.FargateEphemeralKMSKey == "" {
				miss = append(miss, fmt.Sprintf("the Fargate ephemeral storage of %s is encrypted with an AWS-owned key", listUpTo(fargate, 5)))
			}
			if len(ebs) > 0 {
				miss = append(miss, fmt.Sprintf("ECS managed EBS volumes (%s) name no KMS key, so the AWS managed aws/ebs key (or none) applies", listUpTo(ebs, 5)))
			}
			if len(miss) == 0 {
				var has []string
				if len(fargate) > 0 {
					has = append(has, "Fargate ephemeral storage is encrypted with KMS key "+inventory.ShortName(c.FargateEphemeralKMSKey))
				}
				if c.ManagedStorageKMSKey != "" {
					has = append(has, "ECS managed volumes with KMS key "+inventory.ShortName(c.ManagedStorageKMSKey))
				}
				if len(has) == 0 {
					has = append(has, "no Fargate task and no ECS managed volume runs there")
				}
				ps.add(c.ARN, where+": "+strings.Join(has, "; "))
				continue
			}
			fs = append(fs, Finding{Outcome: Warn, Resource: c.ARN,
				Message:     where + ": " + strings.Join(miss, "; "),
				Evidence:    ev,
				Remediation: "set the cluster's managedStorageConfiguration (fargateEphemeralStorageKmsKeyId and kmsKeyId) to customer managed keys whose policies allow ECS and Fargate to use them, then redeploy the services"})
		}
	}
	return append(fs, ps.findings()...)
}
