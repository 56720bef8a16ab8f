package estate

import (
	"reflect"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestIngressAllowing(t *testing.T) {
	tcp := func(from, to int, src string) inventory.SecurityRule {
		return inventory.SecurityRule{Protocol: "tcp", FromPort: from, ToPort: to, SourceGroup: src}
	}
	world := inventory.SecurityRule{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "0.0.0.0/0"}
	world6 := inventory.SecurityRule{Protocol: "tcp", FromPort: 80, ToPort: 80, IPv6CIDR: "::/0"}
	office := inventory.SecurityRule{Protocol: "tcp", FromPort: 443, ToPort: 443, CIDR: "203.0.113.0/24"}
	all := inventory.SecurityRule{Protocol: "-1", SourceGroup: "sg-lb"}
	udp := inventory.SecurityRule{Protocol: "udp", FromPort: 8080, ToPort: 8080, SourceGroup: "sg-lb"}
	snap := fixture()
	snap.Accounts[0].Regions[0].Network.SecurityGroups = []inventory.SecurityGroup{
		{ID: "sg-lb", Ingress: []inventory.SecurityRule{world, world6, office}},
		{ID: "sg-app", Ingress: []inventory.SecurityRule{tcp(8080, 8080, "sg-lb"), tcp(9000, 9100, "sg-other"), udp}},
		{ID: "sg-open", Ingress: []inventory.SecurityRule{all}},
	}
	r := New(snap).Regions[0]
	tests := []struct {
		name   string
		groups []string
		port   int
		src    Source
		want   []Allow
	}{
		{"internet to the load balancer on 443", []string{"sg-lb"}, 443, Source{Internet: true}, []Allow{{"sg-lb", world}}},
		{"internet over IPv6 on 80", []string{"sg-lb"}, 80, Source{Internet: true}, []Allow{{"sg-lb", world6}}},
		{"an office range is not the internet", []string{"sg-lb"}, 8443, Source{Internet: true}, nil},
		{"the load balancer's group to the service's port", []string{"sg-app"}, 8080, Source{Groups: []string{"sg-lb"}}, []Allow{{"sg-app", tcp(8080, 8080, "sg-lb")}}},
		{"a port in a range, from another group", []string{"sg-app"}, 9050, Source{Groups: []string{"sg-lb"}}, nil},
		{"a port in a range, from its group", []string{"sg-app"}, 9050, Source{Groups: []string{"sg-other"}}, []Allow{{"sg-app", tcp(9000, 9100, "sg-other")}}},
		{"all protocols from a group, any port; groups in order", []string{"sg-open", "sg-app"}, 8080, Source{Groups: []string{"sg-lb"}},
			[]Allow{{"sg-open", all}, {"sg-app", tcp(8080, 8080, "sg-lb")}}},
		{"a group the snapshot lacks", []string{"sg-gone"}, 8080, Source{Groups: []string{"sg-lb"}}, nil},
		{"no source", []string{"sg-app"}, 8080, Source{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.IngressAllowing(tt.groups, tt.port, tt.src); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("IngressAllowing = %+v, want %+v", got, tt.want)
			}
		})
	}
}
