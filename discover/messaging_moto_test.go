package discover

import (
	"reflect"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
	"github.com/ecspack/ecspack/inventory"
)

// checkMotoMessaging: the stores phase read the queue and topic the web
// task's role reaches — SSE-KMS, a TLS-only policy, a KMS-encrypted topic
// whose default policy is conditioned — and kept the queue and topic the
// role names that do not exist as facts, not gaps.
func checkMotoMessaging(t *testing.T, est *mototest.Estate, reg *inventory.Region) {
	wantQ := []inventory.Queue{
		{ARN: est.QueueARN, KMSKey: mototest.SecretKeyAlias, Policy: &inventory.AccessPolicyFacts{DeniesInsecureTransport: true}},
		{ARN: est.GoneQueueARN, NotFound: true},
	}
	if !reflect.DeepEqual(reg.Queues, wantQ) {
		t.Errorf("queues:\n got %+v\nwant %+v", reg.Queues, wantQ)
	}
	if len(reg.Topics) != 2 || reg.Topics[0].ARN != est.TopicARN || reg.Topics[0].KMSKey != est.SecretKeyARN ||
		reg.Topics[0].NotFound || len(reg.Topics[0].Gaps) != 0 || reg.Topics[0].Policy == nil || reg.Topics[0].Policy.AllowsAnyone {
		t.Errorf("topics: %+v", reg.Topics)
	} else if want := (inventory.Topic{ARN: est.GoneTopicARN, NotFound: true}); !reflect.DeepEqual(reg.Topics[1], want) {
		t.Errorf("the topic that is gone: %+v, want %+v", reg.Topics[1], want)
	}
}
