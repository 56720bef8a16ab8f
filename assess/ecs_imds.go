package assess

import (
	"fmt"
	"strings"
)

// checkIMDSv2 judges the instance metadata service of every EC2 container
// instance (ECS-005: a family's own task role limits what its containers
// reach only while the containers cannot borrow the instance role). With
// IMDSv1 ("optional" tokens) one unauthenticated GET from a container, or
// an SSRF in it, returns the instance role's credentials (Security Hub
// EC2.8); IMDSv2 with a hop limit of 1 keeps bridge-mode containers out.
// An instance whose metadata options were not recorded is unknown, never
// a pass.
func checkIMDSv2(in *Input) []Finding {
	const ev = "ec2:DescribeInstances MetadataOptions.HttpTokens, HttpEndpoint, HttpPutResponseHopLimit"
	var fs []Finding
	for _, rv := range in.Regions {
		for ci := range rv.Region.ECS.Clusters {
			c := &rv.Region.ECS.Clusters[ci]
			for _, cinst := range ec2ContainerInstances(c) {
				id := cinst.EC2InstanceID
				inst := rv.Index.Instance(id)
				label := "container instance " + id + " of cluster " + c.Name
				switch {
				case id == "":
					continue
				case inst == nil || len(inst.Gaps) > 0 || (inst.HTTPTokens == "" && inst.HTTPEndpoint == ""):
					fs = append(fs, Finding{Outcome: Info, Resource: id, Evidence: ev,
						Message: "the instance metadata options of " + label + " were not collected: whether containers can reach the instance role is unknown"})
				case strings.EqualFold(inst.HTTPEndpoint, "disabled"):
					fs = append(fs, Finding{Outcome: Pass, Resource: id, Evidence: ev,
						Message: label + " has the instance metadata service turned off"})
				case !strings.EqualFold(inst.HTTPTokens, "required"):
					fs = append(fs, Finding{Outcome: Warn, Resource: id, Evidence: ev,
						Message:     label + " accepts IMDSv1 (http_tokens " + inst.HTTPTokens + "): a container can read the instance role's credentials with one unauthenticated request, bypassing its task role (Security Hub EC2.8)",
						Remediation: fmt.Sprintf("set MetadataOptions HttpTokens=required and HttpPutResponseHopLimit=1 in the launch template of the cluster's Auto Scaling group (running instances: aws ec2 modify-instance-metadata-options --instance-id %s --http-tokens required --http-put-response-hop-limit 1 --region %s)", id, rv.Region.Name)})
				case inst.HTTPPutResponseHopLimit > 1:
					fs = append(fs, Finding{Outcome: Pass, Resource: id, Evidence: ev,
						Message: fmt.Sprintf("%s requires IMDSv2; its hop limit is %d, so containers on the bridge network can still request a token", label, inst.HTTPPutResponseHopLimit)})
				default:
					fs = append(fs, Finding{Outcome: Pass, Resource: id, Evidence: ev, Message: label + " requires IMDSv2"})
				}
			}
		}
	}
	return boundFindings(fs)
}
