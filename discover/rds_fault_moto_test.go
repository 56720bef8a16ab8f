package discover_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/ecspack/ecspack/assess"
	"github.com/ecspack/ecspack/discover"
	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// TestRDSVerdictsOnMoto assesses the moto estate's databases: the two the
// web service reaches through the db group are judged (encrypted, private),
// the unused public, unencrypted "legacy" is never named; and when either
// RDS list read fails, no RDS check passes and the region's databases are
// called unknown.
func TestRDSVerdictsOnMoto(t *testing.T) {
	moto := discover.MotoForTest()
	moto.Require(t)
	moto.Reset(t)
	est := mototest.MustBuildEstate(t, moto.Config())
	proxy := moto.NewFaultProxy()
	defer proxy.Close()
	cfg := moto.Config()
	cfg.BaseEndpoint = aws.String(proxy.URL)
	rdsFindings := func(t *testing.T) []assess.Finding {
		t.Helper()
		snap, err := discover.RunConfig(context.Background(), cfg, discover.Options{Regions: []string{mototest.Region}, Now: fixedClock})
		if err != nil {
			t.Fatal(err)
		}
		var out []assess.Finding
		for _, f := range assessSnapshot(t, snap) {
			if strings.Contains(f.Check, ".rds-") {
				out = append(out, f)
			}
		}
		return out
	}
	t.Run("complete", func(t *testing.T) {
		got := map[string]assess.Outcome{}
		for _, f := range rdsFindings(t) {
			if strings.Contains(f.Resource, "legacy") || strings.Contains(f.Message, "legacy") {
				t.Errorf("a database no service uses is judged: %+v", f)
			}
			got[f.Check+" "+f.Resource] = f.Outcome
		}
		for _, want := range []struct {
			check, res string
			outcome    assess.Outcome
		}{
			{"NETSEC-002.rds-at-rest", est.DBInstanceARN, assess.Pass},
			{"NETSEC-002.rds-at-rest", est.DBClusterARN, assess.Pass},
			{"NETSEC-001.rds-public", est.DBInstanceARN, assess.Pass},
			{"REL-002.rds-backup", est.DBClusterARN, assess.Pass},
			{"REL-002.rds-resilience", est.DBInstanceARN, assess.Pass},
			{"REL-002.rds-resilience", est.DBClusterARN, assess.Warn}, // no deletion protection
		} {
			if o := got[want.check+" "+want.res]; o != want.outcome {
				t.Errorf("%s on %s: %q, want %q (all: %v)", want.check, want.res, o, want.outcome, got)
			}
		}
	})
	for _, op := range []string{"rds DescribeDBInstances", "rds DescribeDBClusters"} {
		t.Run(op+" fails", func(t *testing.T) {
			proxy.Fail(op, "AccessDenied")
			defer proxy.Fail(op, "")
			unknown := false
			for _, f := range rdsFindings(t) {
				if f.Outcome == assess.Pass {
					t.Errorf("%s passes with %s failing: %s", f.Check, op, f.Message)
				}
				unknown = unknown || (f.Outcome == assess.Info && strings.Contains(f.Message, "is unknown"))
			}
			if !unknown {
				t.Errorf("no RDS check calls the databases unknown with %s failing", op)
			}
		})
	}
}
