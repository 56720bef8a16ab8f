package discover

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/servicediscovery"

	"github.com/ecspack/ecspack/inventory"
)

// servicediscoveryOperations are the AWS Cloud Map reads.
var servicediscoveryOperations = ops("servicediscovery", "ListNamespaces")

func (r *regionRun) collectServiceDiscovery() {
	c := servicediscovery.NewFromConfig(r.cfg)
	readPages(r, "servicediscovery", servicediscovery.NewListNamespacesPaginator(c, &servicediscovery.ListNamespacesInput{MaxResults: aws.Int32(100)}), r.b.addNamespaces)
}

func (b *builder) addNamespaces(out *servicediscovery.ListNamespacesOutput) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, n := range out.Namespaces {
		b.r.Namespaces = append(b.r.Namespaces, inventory.Namespace{ID: aws.ToString(n.Id), ARN: aws.ToString(n.Arn), Name: aws.ToString(n.Name),
			Type: string(n.Type), Description: aws.ToString(n.Description), ServiceCount: i32(n.ServiceCount)})
	}
}
