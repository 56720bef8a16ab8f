package estate

import (
	"strings"
	"testing"

	"github.com/ecspack/ecspack/inventory"
)

func TestDatabases(t *testing.T) {
	const (
		orders = "arn:aws:rds:eu-west-1:111122223333:db:orders"
		ledger = "arn:aws:rds:eu-west-1:111122223333:cluster:ledger"
		secret = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds!db-1-AbCdEf"
	)
	grant := func(res string) func(*inventory.Snapshot) {
		return func(s *inventory.Snapshot) {
			s.Accounts[0].IAM.Roles[0].InlinePolicies = []inventory.Policy{{Name: "db", Document: `{"Statement":{"Effect":"Allow","Action":"*","Resource":"` + res + `"}}`}}
		}
	}
	tests := []struct {
		name string
		edit func(*inventory.Snapshot)
		want string // "ARN service why…" of each database used, joined by "|"
	}{
		{"no link", func(*inventory.Snapshot) {}, ""},
		{"rds-db:connect on the instance's resource id", grant("arn:aws:rds-db:eu-west-1:111122223333:dbuser:db-ORDERS/app"),
			orders + " web its task role grants rds-db:connect on the DB's resource id db-ORDERS"},
		{"rds-db:connect on a member links its cluster", grant("arn:aws:rds-db:eu-west-1:111122223333:dbuser:db-LEDGER1/app"),
			ledger + " web its task role grants rds-db:connect on the DB's resource id db-LEDGER1"},
		{"actions on the cluster's ARN", grant(ledger), ledger + " web its task role grants actions on the DB's ARN"},
		{"a grant in another region links nothing", grant("arn:aws:rds:us-east-1:111122223333:db:orders"), ""},
		{"a pattern links nothing", grant("arn:aws:rds:eu-west-1:111122223333:db:ord*"), ""},
		{"the managed master secret", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions[0].ECS.TaskDefinitions[1].Containers[0].Secrets = []inventory.SecretRef{{Name: "DB", ValueFrom: secret + ":password::"}}
		}, orders + " web its task definition injects the DB's managed master secret"},
		{"a security group admits the service's on the port", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions[0].Network.SecurityGroups = append(s.Accounts[0].Regions[0].Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-db",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SourceGroup: "sg-api"}}})
		}, ledger + " api security group sg-db of the DB admits sg-api, which its tasks wear, on port 5432"},
		{"a bridge-mode service through its container instance's group", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions[0].Network.SecurityGroups = append(s.Accounts[0].Regions[0].Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-db",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 5432, ToPort: 5432, SourceGroup: "sg-host"}}})
		}, ledger + " worker security group sg-db of the DB admits sg-host, which the container instances its tasks run on wear, on port 5432"},
		{"a rule on another port links nothing", func(s *inventory.Snapshot) {
			s.Accounts[0].Regions[0].Network.SecurityGroups = append(s.Accounts[0].Regions[0].Network.SecurityGroups, inventory.SecurityGroup{ID: "sg-db",
				Ingress: []inventory.SecurityRule{{Protocol: "tcp", FromPort: 3306, ToPort: 3306, SourceGroup: "sg-app"}}})
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := fixture()
			r := &snap.Accounts[0].Regions[0]
			r.RDS = inventory.RDS{InstancesCollected: true, ClustersCollected: true,
				Instances: []inventory.DBInstance{
					{ID: "orders", ARN: orders, ResourceID: "db-ORDERS", Engine: "postgres", Port: 5432, SecurityGroups: []string{"sg-other"}, MasterUserSecretARN: secret},
					{ID: "ledger-1", ARN: "arn:aws:rds:eu-west-1:111122223333:db:ledger-1", ResourceID: "db-LEDGER1", ClusterID: "ledger", Port: 5432},
				},
				Clusters: []inventory.DBCluster{{ID: "ledger", ARN: ledger, ResourceID: "cluster-LEDGER", Engine: "aurora-postgresql", Port: 5432,
					SecurityGroups: []string{"sg-db"}, Members: []string{"ledger-1"}}}}
			tt.edit(snap)
			e := New(snap)
			var got []string
			for _, d := range e.Regions[0].Databases() {
				for _, u := range d.Uses {
					got = append(got, d.ARN()+" "+u.Service.Name()+" "+u.Why)
				}
			}
			if g := strings.Join(got, "|"); g != tt.want {
				t.Errorf("got  %q\nwant %q", g, tt.want)
			}
			if !e.Regions[0].DatabasesCollected() {
				t.Error("DatabasesCollected = false with both lists read")
			}
		})
	}
}
