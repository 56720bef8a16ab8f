package redact

import (
	"net/netip"
	"regexp"
	"strings"
	"testing"

	"github.com/ecspack/ecspack/evidence"
	"github.com/ecspack/ecspack/inventory"
)

var testKey = []byte("0123456789abcdef0123456789abcdef")

func TestTextReplacesAccountsAndAddresses(t *testing.T) {
	r := New(Options{Key: testKey})
	cases := []struct {
		name, in string
		gone     []string // must not survive
		kept     []string // must survive unchanged
	}{
		{"ARN account part", "arn:aws:ecs:eu-west-1:123456789012:service/prod/api", []string{"123456789012"}, []string{"arn:aws:ecs:eu-west-1:", ":service/prod/api"}},
		{"ECR image URI", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2", []string{"123456789012"}, []string{".dkr.ecr.eu-west-1.amazonaws.com/api:1.4.2"}},
		{"AWS-owned policy", "arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy", nil, []string{"arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy"}},
		{"not an account: 13 digits and hex ids", "ts 1234567890123 vol-0123456789abcdef0", nil, []string{"1234567890123", "vol-0123456789abcdef0"}},
		{"private address in prose", "the database at 10.0.1.17, port 5432.", []string{"10.0.1.17"}, []string{"the database at 10.", ", port 5432."}},
		{"public address", "NAT EIP 52.17.200.9", []string{"52.17.200.9"}, nil},
		{"public CIDR", "office 81.2.69.0/24 only", []string{"81.2.69.0/24"}, nil},
		{"IPv6 CIDR", "vpc 2600:1f18:abcd:1200::/56", []string{"2600:1f18:abcd:1200::/56"}, []string{"2001:db8:"}},
		{"default routes and metadata are kept", "0.0.0.0/0 ::/0 169.254.170.2 127.0.0.1 fe80::1", nil, []string{"0.0.0.0/0", "::/0", "169.254.170.2", "127.0.0.1", "fe80::1"}},
		{"versions and times are not addresses", "TLS 1.2, v1.2.3, 12:30:45, nginx:1.25.3", nil, []string{"TLS 1.2, v1.2.3, 12:30:45, nginx:1.25.3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := r.Text(c.in)
			for _, g := range c.gone {
				if strings.Contains(got, g) {
					t.Errorf("Text(%q) = %q: %q survived", c.in, got, g)
				}
			}
			for _, k := range c.kept {
				if !strings.Contains(got, k) {
					t.Errorf("Text(%q) = %q: expected %q kept", c.in, got, k)
				}
			}
		})
	}
}

func TestAccountPseudonymsAreConsistentAndKeyed(t *testing.T) {
	r := New(Options{Key: testKey})
	a := r.Text("arn:aws:iam::123456789012:role/x")
	b := r.Text("account 123456789012")
	pa := regexp.MustCompile(`[0-9]{12}`).FindString(a)
	if pa == "" || pa == "123456789012" || !strings.Contains(b, pa) {
		t.Fatalf("pseudonym %q of the same account differs or is missing: %q vs %q", pa, a, b)
	}
	if o := New(Options{Key: []byte("another key, another mapping...")}).Text("123456789012"); o == pa {
		t.Errorf("two keys gave the same pseudonym %s", o)
	}
	if again := New(Options{Key: testKey}).Text("account 123456789012"); again != b {
		t.Errorf("the same key gave %q then %q", b, again)
	}
	m := r.Mapping()
	if len(m) != 1 || m[0] != (Pair{Kind: KindAccount, Original: "123456789012", Pseudonym: pa}) {
		t.Errorf("Mapping() = %+v", m)
	}
}

func TestAddressesKeepTheirMeaning(t *testing.T) {
	r := New(Options{Key: testKey})
	pfx := func(s string) netip.Prefix {
		t.Helper()
		p, err := netip.ParsePrefix(r.Text(s))
		if err != nil {
			t.Fatalf("Text(%s) = %q: not a prefix: %v", s, r.Text(s), err)
		}
		if p.Masked() != p {
			t.Errorf("Text(%s) = %s has host bits set", s, p)
		}
		return p
	}
	addr := func(s string) netip.Addr {
		t.Helper()
		a, err := netip.ParseAddr(r.Text(s))
		if err != nil {
			t.Fatalf("Text(%s) = %q: not an address: %v", s, r.Text(s), err)
		}
		return a
	}
	vpc, sub, other := pfx("10.20.0.0/16"), pfx("10.20.3.0/24"), pfx("10.21.0.0/16")
	host := addr("10.20.3.77")
	if vpc.Bits() != 16 || sub.Bits() != 24 {
		t.Errorf("prefix lengths changed: %s %s", vpc, sub)
	}
	if !vpc.Contains(sub.Addr()) || !sub.Contains(host) {
		t.Errorf("containment lost: VPC %s, subnet %s, host %s", vpc, sub, host)
	}
	if vpc.Contains(other.Addr()) || vpc == other {
		t.Errorf("distinct VPCs %s and %s overlap", vpc, other)
	}
	if !netip.MustParsePrefix("10.0.0.0/8").Contains(host) || host.String() == "10.20.3.77" {
		t.Errorf("private host became %s", host)
	}
	if p := pfx("172.31.16.0/20"); !netip.MustParsePrefix("172.16.0.0/12").Contains(p.Addr()) || p.Bits() != 20 {
		t.Errorf("172.31.16.0/20 became %s", p)
	}
	doc := []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24"), netip.MustParsePrefix("198.51.100.0/24"), netip.MustParsePrefix("203.0.113.0/24")}
	inDoc := func(a netip.Addr) bool {
		for _, d := range doc {
			if d.Contains(a) {
				return true
			}
		}
		return false
	}
	if a := addr("52.17.200.9"); !inDoc(a) {
		t.Errorf("public address became %s, outside the documentation ranges", a)
	}
	if p := pfx("81.2.69.0/24"); !inDoc(p.Addr()) || p.Bits() != 24 {
		t.Errorf("public /24 became %s", p)
	}
	if p := pfx("81.2.69.160/28"); !inDoc(p.Addr()) || p.Bits() != 28 {
		t.Errorf("public /28 became %s", p)
	}
	if p := pfx("52.94.0.0/22"); p.Bits() != 22 || !netip.MustParsePrefix("198.18.0.0/15").Contains(p.Addr()) {
		t.Errorf("public /22 became %s", p)
	}
	v6, h6 := pfx("2600:1f18:abcd:1200::/56"), addr("2600:1f18:abcd:1201::10")
	if v6.Bits() != 56 || !netip.MustParsePrefix("2001:db8::/32").Contains(v6.Addr()) || !v6.Contains(h6) {
		t.Errorf("IPv6 /56 became %s, its host %s", v6, h6)
	}
	if p := pfx("2a05:d000::/25"); p.Bits() != 25 || !netip.MustParsePrefix("3fff::/20").Contains(p.Addr()) {
		t.Errorf("IPv6 /25 became %s", p)
	}
	// Many public addresses stay distinct even when the documentation ranges fill up.
	seen := map[string]string{}
	for i := range 1000 {
		in := netip.AddrFrom4([4]byte{52, byte(i >> 8), byte(i), 9}).String()
		out := r.Text(in)
		if prev, dup := seen[out]; dup {
			t.Fatalf("%s and %s both became %s", prev, in, out)
		}
		if _, err := netip.ParseAddr(out); err != nil {
			t.Fatalf("%s became %q", in, out)
		}
		seen[out] = in
	}
}

func TestKnownOnlyReplacesOnlyWhatWasSeen(t *testing.T) {
	r := New(Options{Key: testKey})
	full := r.text("acct 111122223333 at 10.1.2.3", true)
	known := r.text("acct 111122223333 and 444455556666 at 10.1.2.3 and 10.9.9.9", false)
	for _, part := range strings.Fields(full) {
		if part != "acct" && part != "at" && !strings.Contains(known, part) {
			t.Errorf("known-only text %q lacks the pseudonym %q", known, part)
		}
	}
	if !strings.Contains(known, "444455556666") || !strings.Contains(known, "10.9.9.9") {
		t.Errorf("known-only text replaced values never seen: %q", known)
	}
	if strings.Contains(known, "111122223333") || strings.Contains(known, "10.1.2.3") {
		t.Errorf("known-only text kept known values: %q", known)
	}
}

func snapshotFixture() *inventory.Snapshot {
	return &inventory.Snapshot{
		SchemaVersion: inventory.SchemaVersion,
		Accounts: []inventory.Account{{
			ID: "123456789012", Alias: "northwind-prod",
			Regions: []inventory.Region{{
				Name: "eu-west-1",
				Network: inventory.Network{
					VPCs:    []inventory.VPC{{ID: "vpc-1", CIDR: "10.20.0.0/16", Tags: map[string]string{"Name": "northwind-main", "Owner": "jane.doe@northwind.example", "CostCenter": "42"}}},
					Subnets: []inventory.Subnet{{ID: "subnet-1", VPCID: "vpc-1", CIDR: "10.20.3.0/24"}},
				},
				ECS: inventory.ECS{Clusters: []inventory.Cluster{{ARN: "arn:aws:ecs:eu-west-1:123456789012:cluster/northwind-prod", Name: "northwind-prod"}}},
			}},
		}},
	}
}

func TestSnapshotIsADeepRedactedCopy(t *testing.T) {
	orig := snapshotFixture()
	r := New(Options{Key: testKey, Terms: []string{"Northwind"}})
	got := r.Snapshot(orig)
	if orig.Accounts[0].ID != "123456789012" || orig.Accounts[0].Regions[0].Network.VPCs[0].Tags["Owner"] != "jane.doe@northwind.example" {
		t.Fatal("Snapshot modified its input")
	}
	acct := got.Accounts[0]
	if acct.ID == "123456789012" || len(acct.ID) != 12 {
		t.Errorf("account id became %q", acct.ID)
	}
	cl := acct.Regions[0].ECS.Clusters[0]
	if cl.ARN != "arn:aws:ecs:eu-west-1:"+acct.ID+":cluster/"+cl.Name || strings.Contains(strings.ToLower(cl.Name), "northwind") {
		t.Errorf("cluster became %q %q (account %s)", cl.ARN, cl.Name, acct.ID)
	}
	tags := acct.Regions[0].Network.VPCs[0].Tags
	if strings.Contains(tags["Owner"], "jane") || !strings.HasPrefix(tags["Owner"], "tag-") {
		t.Errorf("Owner tag became %q", tags["Owner"])
	}
	if tags["CostCenter"] == "42" {
		t.Errorf("short cost center tag kept: %q", tags["CostCenter"])
	}
	if strings.Contains(strings.ToLower(tags["Name"]), "northwind") {
		t.Errorf("Name tag kept the term: %q", tags["Name"])
	}
	if err := got.Validate(); err != nil {
		t.Errorf("redacted snapshot no longer validates: %v", err)
	}
}

func TestCasefileRedactsTheCustomerEverywhere(t *testing.T) {
	snap := snapshotFixture()
	cf := &evidence.Casefile{
		Dir: "/cf", File: "/cf/ecspack.yaml",
		Partner: evidence.Partner{Name: "Harbor Cloud"},
		Answers: map[string]*evidence.Answer{"1.1": {ControlID: "1.1", File: "/cf/answers/1.1.md", Body: []byte("We built Northwind's platform in 123456789012.")}},
		CaseStudies: []*evidence.CaseStudy{
			{
				ID: "northwind-freight", Dir: "/cf/case-studies/northwind-freight", File: "/cf/case-studies/northwind-freight/case.yaml",
				Title:    "Northwind Freight on ECS",
				Customer: evidence.Customer{Name: "Northwind Freight", LegalEntity: "Northwind Freight GmbH"},
				Summary:  evidence.Summary{Problem: "NORTHWIND ran EC2 at 10.20.3.77 (northwind-freight.example)."},
				Accounts: []evidence.AccountRef{{ID: "123456789012", Purpose: "prod"}},
				Contacts: []evidence.Contact{{Name: "Jane Doe", Email: "jane.doe@northwind.example", Phone: "+49 40 1234567"}},
				Redact:   true, Inventory: snap, InventoryFiles: []string{"inventory.json"},
				Answers: map[string]*evidence.Answer{"ECS-001": {ControlID: "ECS-001", File: "/cf/case-studies/northwind-freight/answers/ECS-001.md",
					Body: []byte("Jane Doe (+49 40 1234567) at Northwind Freight GmbH approved the health checks of `northwind-prod`.")}},
			},
			{
				ID: "contoso", Dir: "/cf/case-studies/contoso", Title: "Contoso",
				Customer: evidence.Customer{Name: "Contoso Ltd"},
				Summary:  evidence.Summary{Problem: "Contoso peers with 10.20.3.77 and 10.99.0.1 in 999988887777."},
			},
		},
	}
	r := New(Options{Key: testKey})
	out := r.Casefile(cf)
	nw := out.CaseStudies[0]
	dump := strings.Join([]string{nw.ID, nw.Dir, nw.File, nw.Title, nw.Customer.Name, nw.Customer.LegalEntity, nw.Summary.Problem,
		nw.Accounts[0].ID, nw.Contacts[0].Name, nw.Contacts[0].Email, nw.Contacts[0].Phone, string(nw.Answers["ECS-001"].Body),
		nw.Answers["ECS-001"].File, string(out.Answers["1.1"].Body), out.CaseStudies[1].Summary.Problem}, "\n")
	for _, planted := range []string{"northwind", "123456789012", "10.20.3.77", "Jane", "jane.doe", "1234567"} {
		if strings.Contains(strings.ToLower(dump), strings.ToLower(planted)) {
			t.Errorf("%q survived in:\n%s", planted, dump)
		}
	}
	for _, want := range []string{"Customer A on ECS", "health checks", "customer-a-prod", "/cf/case-studies/customer-a-freight"} {
		if !strings.Contains(dump, want) {
			t.Errorf("expected %q in:\n%s", want, dump)
		}
	}
	if nw.Accounts[0].ID != nw.Inventory.Accounts[0].ID {
		t.Errorf("casefile account %s and snapshot account %s differ", nw.Accounts[0].ID, nw.Inventory.Accounts[0].ID)
	}
	// The other case study is not redacted: its own identifiers stay.
	other := out.CaseStudies[1].Summary.Problem
	if !strings.Contains(other, "Contoso") || !strings.Contains(other, "10.99.0.1") || !strings.Contains(other, "999988887777") {
		t.Errorf("the case study not redacted lost its own data: %q", other)
	}
	if cf.CaseStudies[0].Title != "Northwind Freight on ECS" || string(cf.Answers["1.1"].Body) != "We built Northwind's platform in 123456789012." {
		t.Error("Casefile modified its input")
	}
	if out.Dir != "/cf" || out.File != "/cf/ecspack.yaml" || out.Partner.Name != "Harbor Cloud" {
		t.Errorf("partner-level fields changed: %q %q %q", out.Dir, out.File, out.Partner.Name)
	}
}

func TestNameWords(t *testing.T) {
	cases := map[string][]string{
		"Northwind Freight GmbH":   {"Northwind"},
		"Contoso Health Ltd":       {"Contoso"},
		"The Fabrikam Group, Inc.": {"Fabrikam"},
		"(inventory only)":         nil,
	}
	for in, want := range cases {
		got := nameWords(in)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("nameWords(%q) = %v, want %v", in, got, want)
		}
	}
}

// FuzzText: no input makes Text panic, and what Text returns holds none of
// the account ids it replaced.
func FuzzText(f *testing.F) {
	for _, s := range []string{"arn:aws:iam::123456789012:role/x", "10.0.0.1/33", "::ffff:1.2.3.4", "1.2.3.4.5", "fe80::1%eth0", "2001:db8::/200", "Contoso Ltd 0.0.0.0/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r := New(Options{Key: testKey, Terms: []string{"Contoso"}})
		out := r.Text(s)
		for _, p := range r.Mapping() {
			if p.Kind == KindAccount && strings.Contains(out, p.Original) && !strings.Contains(p.Pseudonym, p.Original) {
				// An account id may reappear only as part of a longer digit run the input created.
				if regexp.MustCompile(`(^|[^0-9A-Za-z])` + p.Original + `($|[^0-9A-Za-z])`).MatchString(out) {
					t.Errorf("Text(%q) = %q still holds %s", s, out, p.Original)
				}
			}
		}
	})
}

// TestCasefileRedactsWaivers: a redacted case study's waivers name no
// customer person (the approver) or account, while their resource pattern
// is pseudonymised like the inventory, so it still matches its findings.
func TestCasefileRedactsWaivers(t *testing.T) {
	snap := snapshotFixture()
	cs := &evidence.CaseStudy{ID: "northwind-freight", Dir: "/cf/case-studies/northwind-freight", File: "/cf/case-studies/northwind-freight/case.yaml",
		Customer: evidence.Customer{Name: "Northwind Freight"}, Redact: true, Inventory: snap,
		Waivers: []evidence.Waiver{{Check: "ECS-011.non-root", Resource: "arn:aws:ecs:*:123456789012:task-definition/agent:*",
			Reason: "Northwind's log agent runs as root", Approver: "Lena Brandt (CISO, Northwind Freight)", File: "/cf/case-studies/northwind-freight/case.yaml", Line: 160}}}
	out := New(Options{Key: testKey}).Casefile(&evidence.Casefile{Dir: "/cf", CaseStudies: []*evidence.CaseStudy{cs}})
	w := out.CaseStudies[0].Waivers[0]
	dump := strings.Join([]string{w.Resource, w.Reason, w.Approver, w.File}, "\n")
	for _, planted := range []string{"northwind", "123456789012", "Lena", "Brandt"} {
		if strings.Contains(strings.ToLower(dump), strings.ToLower(planted)) {
			t.Errorf("%q survived in:\n%s", planted, dump)
		}
	}
	acct := out.CaseStudies[0].Inventory.Accounts[0].ID
	if w.Check != "ECS-011.non-root" || w.Resource != "arn:aws:ecs:*:"+acct+":task-definition/agent:*" || w.Line != 160 {
		t.Errorf("waiver = %+v, want its check, line and the pattern over account %s", w, acct)
	}
	if !strings.Contains(w.Approver, "(CISO, ") {
		t.Errorf("approver %q lost its role", w.Approver)
	}
}
