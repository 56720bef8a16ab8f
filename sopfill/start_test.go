package sopfill

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
)

// TestPageRank holds the documented order of the Start here page's list:
// each pair's first item pages sooner than its second.
func TestPageRank(t *testing.T) {
	alarm := func(kind string, facing bool) PageItem {
		return PageItem{Cluster: "c", Service: "s", KPIView: KPIView{Kind: kind, Alarm: kind + "-alarm"}, CustomerFacing: facing}
	}
	proposed := func(kind string, facing bool) PageItem {
		it := alarm(kind, facing)
		it.Proposed, it.Alarm = true, ""
		return it
	}
	silentAlarm := alarm("5xx", true)
	silentAlarm.Silent = true
	otherService := alarm("cpu", false)
	otherService.Service = "t"
	for _, tt := range []struct {
		name          string
		sooner, later PageItem
	}{
		{"an alarm before a KPI with no alarm yet", alarm("other", false), proposed("5xx", true)},
		{"an alarm that notifies before a silent one", alarm("memory", false), silentAlarm},
		{"customer-facing 5xx before internal 5xx", alarm("5xx", true), alarm("5xx", false)},
		{"customer-facing unhealthy before internal 5xx", alarm("unhealthy", true), alarm("5xx", false)},
		{"internal 5xx before running tasks", alarm("5xx", false), alarm("running", true)},
		{"running tasks before CPU", alarm("running", false), alarm("cpu", true)},
		{"customer-facing CPU before internal CPU", alarm("cpu", true), alarm("cpu", false)},
		{"CPU before memory (section 3's order)", alarm("cpu", false), alarm("memory", false)},
		{"memory before other alarms (queue depth)", alarm("memory", false), alarm("other", true)},
		{"then by service name", alarm("cpu", false), otherService},
		{"proposed ones by the same tiers", proposed("unhealthy", true), proposed("running", true)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if PageRank(tt.sooner, tt.later) >= 0 || PageRank(tt.later, tt.sooner) <= 0 {
				t.Errorf("PageRank(%+v, %+v) does not put the first one first", tt.sooner, tt.later)
			}
		})
	}
}

// TestStartViewOfRichCase checks the five items, their commands and the
// escalation matrix the rich case study gets.
func TestStartViewOfRichCase(t *testing.T) {
	cf := minimalCasefile(t.TempDir())
	cf.Partner.Contacts = []evidence.Contact{
		{Name: "Lead", EscalationLevel: 3},
		{Name: "Nobody in the matrix"},
		{Name: "On call", EscalationLevel: 1, Phone24x7: "+44 20 5550 0100"},
	}
	cs := richCase()
	cs.Regions = append(cs.Regions, "eu-central-1") // a recovery Region with no cluster is not where the system runs
	v := newCaseView(cf, cs, nil, nil).Start
	var got []string
	for _, p := range v.Pages {
		got = append(got, fmt.Sprintf("%s/%s %s proposed=%v", p.Cluster, p.Service, p.Kind, p.Proposed))
		if !strings.HasPrefix(p.Command, "aws ") || strings.Contains(p.Command, "\n") || strings.Contains(p.Command, "<") {
			t.Errorf("%s/%s %s: command %q is not one concrete aws CLI line", p.Cluster, p.Service, p.Kind, p.Command)
		}
	}
	want := []string{
		"shop-prod/web unhealthy proposed=false", "shop-prod/web cpu proposed=false", "shop-prod/web 5xx proposed=true",
		"shop-prod/web running proposed=true", "shop-prod/batch running proposed=true",
	}
	if !slices.Equal(got, want) {
		t.Errorf("pages =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if c := v.Pages[0].Command; c != "aws elbv2 describe-target-health --region eu-west-1 --target-group-arn "+tgARN {
		t.Errorf("first command of the unhealthy-target alarm = %q", c)
	}
	var rows []string
	for _, r := range v.Escalation {
		rows = append(rows, fmt.Sprintf("%d %s (%s)", r.Level, r.Name, r.Party))
	}
	// At level 1 the customer's contact comes before the partner's.
	if want := []string{"1 Eva Ops (Shop GmbH)", "1 On call (Acme Cloud)", "3 Lead (Acme Cloud)"}; !slices.Equal(rows, want) {
		t.Errorf("escalation = %q, want %q", rows, want)
	}
	if !v.Has24x7 || !strings.Contains(v.System, "3 ECS services on 1 cluster (`shop-prod`) in Region eu-west-1;") {
		t.Errorf("Has24x7 = %v, System = %q", v.Has24x7, v.System)
	}
}

// TestStartPageText renders the runbook's Start here chapter: what it says
// with and without escalation levels, 24×7 numbers and dashboards.
func TestStartPageText(t *testing.T) {
	for _, tt := range []struct {
		name         string
		edit         func(cf *evidence.Casefile, cs *evidence.CaseStudy)
		want, absent []string
	}{
		{"no escalation level: marked to complete", func(cf *evidence.Casefile, cs *evidence.CaseStudy) { cs.Contacts = nil },
			[]string{"**[to be completed: escalation matrix"}, []string{"| then | **AWS Support**"}},
		{"levels but no 24×7 number: said plainly", func(cf *evidence.Casefile, cs *evidence.CaseStudy) {
			cs.Contacts[0].EscalationLevel = 1
		}, []string{"| 1 | **Eva Ops**, Head of operations (Shop GmbH) — Mon–Fri 07:00–19:00 CET: ops@shop.example |", "| then | **AWS Support** — ", "No contact above has a 24×7 number"}, []string{"to be completed: escalation"}},
		{"a 24×7 number", func(cf *evidence.Casefile, cs *evidence.CaseStudy) {
			cf.Partner.Contacts = []evidence.Contact{{Name: "NOC", Role: "On-call", Phone: "+46 8 5550 1900", Phone24x7: "+46 8 5550 1900", Hours: "24x7", EscalationLevel: 2}}
		}, []string{"| 2 | **NOC**, On-call (Acme Cloud) — 24x7: **24×7 +46 8 5550 1900** |"}, []string{"No contact above has a 24×7 number"}},
		{"dashboards from case.yaml", func(cf *evidence.Casefile, cs *evidence.CaseStudy) {
			cs.Operations.Dashboards = "CloudWatch dashboard `shop-prod` (eu-west-1)\n"
		}, []string{"- Dashboards: CloudWatch dashboard `shop-prod` (eu-west-1)\n"}, []string{"none recorded"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cf, cs := minimalCasefile(t.TempDir()), richCase()
			tt.edit(cf, cs)
			md, err := Runbook(context.Background(), cf, cs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			start, _, ok := strings.Cut(string(md), "\n# Operations Runbook")
			if !ok || !strings.HasPrefix(start, "# Start here\n") {
				t.Fatalf("the runbook does not open with its Start here chapter:\n%.300s", md)
			}
			for _, w := range tt.want {
				if !strings.Contains(start, w) {
					t.Errorf("Start here lacks %q:\n%s", w, start)
				}
			}
			for _, n := range tt.absent {
				if strings.Contains(start, n) {
					t.Errorf("Start here says %q:\n%s", n, start)
				}
			}
		})
	}
}

func TestShellArg(t *testing.T) {
	for in, want := range map[string]string{
		"web-cpu-high":            "web-cpu-high",
		"shop/web 5xx":            "'shop/web 5xx'",
		"it's high":               `'it'\''s high'`,
		"":                        "''",
		"arn:aws:sns:x:1:topic_a": "arn:aws:sns:x:1:topic_a",
	} {
		if got := shellArg(in); got != want {
			t.Errorf("shellArg(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestMergeAlarms holds that an alarm watching several services (a load
// balancer's) is one item naming them all, and that n items are kept.
func TestMergeAlarms(t *testing.T) {
	item := func(svc, alarm string) PageItem {
		return PageItem{Region: "r", Cluster: "c", Service: svc, KPIView: KPIView{Alarm: alarm, Proposed: alarm == ""}}
	}
	ranked := []PageItem{item("api", "lb-5xx"), item("web", "lb-5xx"), item("api", "api-unhealthy"), item("api", ""), item("web", ""), item("web", "web-cpu")}
	got := mergeAlarms(ranked, 3)
	var desc []string
	for _, it := range got {
		desc = append(desc, it.Alarm+"="+strings.Join(it.Services, ","))
	}
	if want := []string{"lb-5xx=c/api,c/web", "api-unhealthy=c/api", "=c/api"}; !slices.Equal(desc, want) {
		t.Errorf("merged = %q, want %q", desc, want)
	}
}
