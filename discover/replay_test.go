package discover

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"

	"github.com/ecspack/ecspack/inventory"
)

// replay is an httptest AWS that serves a synthetic estate in the real wire
// formats — JSON 1.1 for ECS, the EC2 query/XML dialect, and query/XML for
// ELBv2 and STS — with real paging (nextToken / NextMarker at each API's page
// size), enforced batch limits (an over-full DescribeServices is a 400 like
// AWS's), injected latency, throttling and AccessDenied. moto ignores page
// sizes, so this is where pagination and call counts are tested.
type replay struct {
	clusters []*synthCluster
	subnets  []string
	lbs      []string
	tgs      []string
	latency  time.Duration

	mu sync.Mutex
	// hits counts requests received per "service Operation" (retries included).
	hits map[string]int
	// throttle answers this many requests of an operation with a throttling error first.
	throttle map[string]int
	// deny answers every request of an operation with AccessDenied.
	deny map[string]bool
	// tooBig records batch-limit violations.
	tooBig []string
}

type synthCluster struct {
	name     string
	services []string // names
	tasks    []string // ids
}

const synthAccount = "111122223333"
const synthRegion = "eu-west-1"

// newReplay builds an estate of n services over clusters (n/clusters each,
// one task per service) and starts the server.
func newReplay(n, clusters int) (*replay, *httptest.Server) {
	r := &replay{hits: map[string]int{}, throttle: map[string]int{}, deny: map[string]bool{}}
	for c := range clusters {
		sc := &synthCluster{name: fmt.Sprintf("c%03d", c)}
		r.clusters = append(r.clusters, sc)
	}
	for i := range n {
		sc := r.clusters[i%clusters]
		sc.services = append(sc.services, fmt.Sprintf("svc%05d", i))
		sc.tasks = append(sc.tasks, fmt.Sprintf("task%05d", i))
	}
	for i := range 7 {
		r.subnets = append(r.subnets, fmt.Sprintf("subnet-%04d", i))
	}
	for i := range 3 {
		r.lbs = append(r.lbs, fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:loadbalancer/app/lb%d/%d", synthRegion, synthAccount, i, i))
		r.tgs = append(r.tgs, fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/tg%d/%d", synthRegion, synthAccount, i, i))
	}
	return r, httptest.NewServer(r)
}

func (r *replay) config(url string) aws.Config {
	cfg := testConfig(url)
	cfg.Region = synthRegion
	// Keep connections for reuse as the SDK would against one AWS endpoint
	// per service; the default keeps 10 idle per host and the test server is
	// one host for every service.
	cfg.HTTPClient = awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		t.MaxIdleConnsPerHost = 1024
		t.MaxIdleConns = 1024
	})
	cfg.Retryer = func() aws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = 3
			o.Backoff = retry.BackoffDelayerFunc(func(int, error) (time.Duration, error) { return time.Millisecond, nil })
		})
	}
	return cfg
}

func (r *replay) hitCount(op string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.hits[op]
}

func (r *replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	if r.latency > 0 {
		time.Sleep(r.latency)
	}
	auth := req.Header.Get("Authorization")
	scope := ""
	if i := strings.Index(auth, "Credential="); i >= 0 {
		parts := strings.Split(auth[i:], "/")
		if len(parts) > 3 {
			scope = parts[3]
		}
	}
	if target := req.Header.Get("X-Amz-Target"); target != "" {
		op := target[strings.LastIndexByte(target, '.')+1:]
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		r.serveJSON(w, scope, op, in)
		return
	}
	form, _ := url.ParseQuery(string(body))
	r.serveQuery(w, scope, form.Get("Action"), form)
}

// gate counts the hit and answers injected failures; it reports whether the
// request was answered.
func (r *replay) gate(key string, fail func(code string, status int)) bool {
	r.mu.Lock()
	r.hits[key]++
	deny := r.deny[key]
	throttle := r.throttle[key] > 0
	if throttle {
		r.throttle[key]--
	}
	r.mu.Unlock()
	switch {
	case deny:
		fail("AccessDenied", http.StatusForbidden)
		return true
	case throttle:
		fail("Throttling", http.StatusBadRequest)
		return true
	}
	return false
}

func strs(v any) []string {
	var out []string
	if a, ok := v.([]any); ok {
		for _, x := range a {
			s, _ := x.(string)
			out = append(out, s)
		}
	}
	return out
}

// page slices items at token (an offset) with the given page size.
func page[T any](items []T, token string, size int) ([]T, string) {
	off, _ := strconv.Atoi(token)
	end := min(off+size, len(items))
	if off > len(items) {
		off = end
	}
	next := ""
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[off:end], next
}

func (r *replay) cluster(arnOrName string) *synthCluster {
	name := arnOrName[strings.LastIndexByte(arnOrName, '/')+1:]
	for _, c := range r.clusters {
		if c.name == name {
			return c
		}
	}
	return nil
}

func ecsARN(kind, rest string) string {
	return fmt.Sprintf("arn:aws:ecs:%s:%s:%s/%s", synthRegion, synthAccount, kind, rest)
}

func (r *replay) serveJSON(w http.ResponseWriter, scope, op string, in map[string]any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	fail := func(code string, status int) {
		w.Header().Set("X-Amzn-ErrorType", code)
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"__type":%q,"message":"injected %s"}`, code, code)
	}
	if scope != "ecs" {
		fail("UnknownOperationException", http.StatusBadRequest)
		return
	}
	if r.gate("ecs "+op, fail) {
		return
	}
	token, _ := in["nextToken"].(string)
	size := 100
	if m, ok := in["maxResults"].(float64); ok {
		size = int(m)
	}
	limit := func(n, max int) bool {
		if n > max {
			r.mu.Lock()
			r.tooBig = append(r.tooBig, fmt.Sprintf("%s with %d items (max %d)", op, n, max))
			r.mu.Unlock()
			fail("InvalidParameterException", http.StatusBadRequest)
			return false
		}
		return true
	}
	out := map[string]any{}
	switch op {
	case "ListAccountSettings":
		out["settings"] = []any{}
	case "ListClusters":
		var arns []string
		for _, c := range r.clusters {
			arns = append(arns, ecsARN("cluster", c.name))
		}
		out["clusterArns"], out["nextToken"] = page(arns, token, size)
	case "DescribeClusters":
		names := strs(in["clusters"])
		if !limit(len(names), 100) {
			return
		}
		var cs []map[string]any
		for _, n := range names {
			c := r.cluster(n)
			cs = append(cs, map[string]any{"clusterArn": ecsARN("cluster", c.name), "clusterName": c.name, "status": "ACTIVE",
				"activeServicesCount": len(c.services), "settings": []any{map[string]any{"name": "containerInsights", "value": "enabled"}}})
		}
		out["clusters"] = cs
	case "ListServices":
		c := r.cluster(in["cluster"].(string))
		var arns []string
		for _, s := range c.services {
			arns = append(arns, ecsARN("service", c.name+"/"+s))
		}
		out["serviceArns"], out["nextToken"] = page(arns, token, min(size, 100))
	case "DescribeServices":
		c := r.cluster(in["cluster"].(string))
		arns := strs(in["services"])
		if !limit(len(arns), 10) {
			return
		}
		var ss []map[string]any
		for _, a := range arns {
			name := a[strings.LastIndexByte(a, '/')+1:]
			ss = append(ss, map[string]any{"serviceArn": a, "serviceName": name, "clusterArn": ecsARN("cluster", c.name), "status": "ACTIVE",
				"taskDefinition": ecsARN("task-definition", name+":1"), "desiredCount": 1, "runningCount": 1, "launchType": "FARGATE",
				"createdAt": 1.7e9, "deploymentConfiguration": map[string]any{"minimumHealthyPercent": 100, "maximumPercent": 200,
					"deploymentCircuitBreaker": map[string]any{"enable": true, "rollback": true}}})
		}
		out["services"], out["failures"] = ss, []any{}
	case "ListTasks":
		c := r.cluster(in["cluster"].(string))
		var arns []string
		for _, t := range c.tasks {
			arns = append(arns, ecsARN("task", c.name+"/"+t))
		}
		out["taskArns"], out["nextToken"] = page(arns, token, min(size, 100))
	case "DescribeTasks":
		c := r.cluster(in["cluster"].(string))
		arns := strs(in["tasks"])
		if !limit(len(arns), 100) {
			return
		}
		var ts []map[string]any
		for _, a := range arns {
			i, _ := strconv.Atoi(strings.TrimPrefix(a[strings.LastIndexByte(a, '/')+1:], "task"))
			svc := fmt.Sprintf("svc%05d", i)
			ts = append(ts, map[string]any{"taskArn": a, "clusterArn": ecsARN("cluster", c.name), "taskDefinitionArn": ecsARN("task-definition", svc+":1"),
				"group": "service:" + svc, "lastStatus": "RUNNING", "desiredStatus": "RUNNING", "launchType": "FARGATE", "cpu": "256", "memory": "512",
				"overrides": map[string]any{"containerOverrides": []any{map[string]any{"name": "app", "environment": []any{map[string]any{"name": "X", "value": replayCanary}}}}}})
		}
		out["tasks"], out["failures"] = ts, []any{}
	case "ListContainerInstances":
		out["containerInstanceArns"] = []string{}
	case "DescribeTaskDefinition":
		arn := in["taskDefinition"].(string)
		fam := arn[strings.LastIndexByte(arn, '/')+1 : strings.LastIndexByte(arn, ':')]
		out["taskDefinition"] = map[string]any{"taskDefinitionArn": arn, "family": fam, "revision": 1, "networkMode": "awsvpc", "cpu": "256", "memory": "512",
			"containerDefinitions": []any{map[string]any{"name": "app", "image": "nginx:1.27", "essential": true,
				"environment": []any{map[string]any{"name": "API_KEY", "value": replayCanary}},
				"secrets":     []any{map[string]any{"name": "DB", "valueFrom": "arn:aws:ssm:eu-west-1:111122223333:parameter/db"}}}}}
		out["tags"] = []any{}
	default:
		fail("UnknownOperationException", http.StatusBadRequest)
		return
	}
	if t, ok := out["nextToken"].(string); ok && t == "" {
		delete(out, "nextToken")
	}
	_ = json.NewEncoder(w).Encode(out)
}

// replayCanary is planted in environment values and task overrides.
const replayCanary = "REPLAY-CANARY-9d8c7b"

func (r *replay) serveQuery(w http.ResponseWriter, scope, op string, form url.Values) {
	w.Header().Set("Content-Type", "text/xml")
	ec2 := scope == "ec2"
	fail := func(code string, status int) {
		w.WriteHeader(status)
		if ec2 {
			fmt.Fprintf(w, `<Response><Errors><Error><Code>%s</Code><Message>injected %s</Message></Error></Errors><RequestID>r</RequestID></Response>`, code, code)
			return
		}
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>injected %s</Message></Error><RequestId>r</RequestId></ErrorResponse>`, code, code)
	}
	service := map[string]string{"ec2": "ec2", "elasticloadbalancing": "elbv2", "sts": "sts", "iam": "iam"}[scope]
	if service == "" {
		fail("UnknownOperation", http.StatusBadRequest)
		return
	}
	if r.gate(service+" "+op, fail) {
		return
	}
	var b strings.Builder
	switch {
	case service == "sts" && op == "GetCallerIdentity":
		fmt.Fprintf(&b, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::%s:user/auditor</Arn><UserId>AIDA</UserId><Account>%s</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`, synthAccount, synthAccount)
	case service == "iam" && op == "GetAccountSummary":
		b.WriteString(`<GetAccountSummaryResponse><GetAccountSummaryResult><SummaryMap><entry><key>Roles</key><value>4</value></entry></SummaryMap></GetAccountSummaryResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetAccountSummaryResponse>`)
	case service == "ec2" && op == "DescribeSubnets":
		size := 5 // the test asks for small pages? the collector asks none: AWS then returns all, so page to prove NextToken handling
		items, next := page(r.subnets, form.Get("NextToken"), size)
		fmt.Fprintf(&b, `<DescribeSubnetsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><subnetSet>`)
		for _, s := range items {
			fmt.Fprintf(&b, `<item><subnetId>%s</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.%s.0/24</cidrBlock><availabilityZone>eu-west-1a</availabilityZone><availableIpAddressCount>250</availableIpAddressCount></item>`, s, strings.TrimPrefix(s, "subnet-"))
		}
		b.WriteString(`</subnetSet>`)
		if next != "" {
			fmt.Fprintf(&b, `<nextToken>%s</nextToken>`, next)
		}
		b.WriteString(`</DescribeSubnetsResponse>`)
	case service == "ec2" && op == "GetEbsEncryptionByDefault":
		b.WriteString(`<GetEbsEncryptionByDefaultResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><ebsEncryptionByDefault>true</ebsEncryptionByDefault></GetEbsEncryptionByDefaultResponse>`)
	case service == "ec2":
		fmt.Fprintf(&b, `<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></%sResponse>`, op, op)
	case service == "elbv2" && op == "DescribeLoadBalancers":
		size, _ := strconv.Atoi(form.Get("PageSize"))
		items, next := page(r.lbs, form.Get("Marker"), min(max(size, 1), 2)) // 2 per page to force paging
		b.WriteString(`<DescribeLoadBalancersResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"><DescribeLoadBalancersResult><LoadBalancers>`)
		for _, a := range items {
			name := strings.Split(a, "/")[2]
			fmt.Fprintf(&b, `<member><LoadBalancerArn>%s</LoadBalancerArn><LoadBalancerName>%s</LoadBalancerName><Type>application</Type><Scheme>internal</Scheme><VpcId>vpc-1</VpcId><State><Code>active</Code></State><AvailabilityZones><member><ZoneName>eu-west-1a</ZoneName><SubnetId>subnet-0001</SubnetId></member></AvailabilityZones></member>`, html.EscapeString(a), name)
		}
		b.WriteString(`</LoadBalancers>`)
		if next != "" {
			fmt.Fprintf(&b, `<NextMarker>%s</NextMarker>`, next)
		}
		b.WriteString(`</DescribeLoadBalancersResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeLoadBalancersResponse>`)
	case service == "elbv2" && op == "DescribeTargetGroups":
		b.WriteString(`<DescribeTargetGroupsResponse><DescribeTargetGroupsResult><TargetGroups>`)
		for _, a := range r.tgs {
			fmt.Fprintf(&b, `<member><TargetGroupArn>%s</TargetGroupArn><TargetGroupName>%s</TargetGroupName><Protocol>HTTP</Protocol><Port>80</Port><TargetType>ip</TargetType></member>`, a, strings.Split(a, "/")[1])
		}
		b.WriteString(`</TargetGroups></DescribeTargetGroupsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTargetGroupsResponse>`)
	case service == "elbv2" && op == "DescribeTargetHealth":
		b.WriteString(`<DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions><member><Target><Id>10.0.0.1</Id><Port>80</Port></Target><TargetHealth><State>healthy</State></TargetHealth></member></TargetHealthDescriptions></DescribeTargetHealthResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTargetHealthResponse>`)
	case service == "elbv2" && op == "DescribeTags":
		if n := len(form) - 2; n > 20 {
			r.mu.Lock()
			r.tooBig = append(r.tooBig, fmt.Sprintf("DescribeTags with %d ARNs", n))
			r.mu.Unlock()
		}
		b.WriteString(`<DescribeTagsResponse><DescribeTagsResult><TagDescriptions></TagDescriptions></DescribeTagsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeTagsResponse>`)
	case service == "elbv2":
		fmt.Fprintf(&b, `<%sResponse><%sResult></%sResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></%sResponse>`, op, op, op, op)
	default:
		fail("UnknownOperation", http.StatusBadRequest)
		return
	}
	_, _ = io.WriteString(w, b.String())
}

// minimumCalls is the fewest calls the APIs allow for the replay estate with
// the ecs, ec2 and elbv2 collectors.
func (r *replay) minimumCalls() map[string]int {
	ceil := func(a, b int) int { return (a + b - 1) / b }
	m := map[string]int{"sts GetCallerIdentity": 1, "ecs ListAccountSettings": 1,
		"ecs ListClusters": max(1, ceil(len(r.clusters), 100)), "ecs DescribeClusters": ceil(len(r.clusters), 100)}
	for _, c := range r.clusters {
		m["ecs ListServices"] += max(1, ceil(len(c.services), 100))
		m["ecs DescribeServices"] += ceil(len(c.services), 10)
		m["ecs ListTasks"] += max(1, ceil(len(c.tasks), 100))
		m["ecs DescribeTasks"] += ceil(len(c.tasks), 100)
		m["ecs ListContainerInstances"]++
		m["ecs DescribeTaskDefinition"] += len(c.services) // one revision per service
	}
	m["ec2 DescribeSubnets"] = ceil(len(r.subnets), 5)
	for _, op := range []string{"DescribeAvailabilityZones", "DescribeVpcs", "DescribeRouteTables", "DescribeInternetGateways", "DescribeNatGateways",
		"DescribeSecurityGroups", "DescribeNetworkAcls", "DescribeVpcEndpoints", "DescribeSpotFleetRequests", "GetEbsEncryptionByDefault",
		"DescribeNetworkInterfaces"} {
		m["ec2 "+op] = 1
	}
	m["elbv2 DescribeLoadBalancers"] = ceil(len(r.lbs), 2)
	m["elbv2 DescribeTags"] = ceil(len(r.lbs), 20)
	m["elbv2 DescribeListeners"] = len(r.lbs)
	m["elbv2 DescribeLoadBalancerAttributes"] = len(r.lbs)
	m["elbv2 DescribeTargetGroups"] = 1
	m["elbv2 DescribeTargetHealth"] = len(r.tgs)
	return m
}

// runReplay discovers the replay estate with the ecs, ec2 and elbv2 collectors.
func runReplay(ctx context.Context, r *replay, url string, conc int) (*snapshotResult, error) {
	snap, err := RunConfig(ctx, r.config(url), Options{Services: []string{"ecs", "ec2", "elbv2"}, Concurrency: conc, Now: fixedClock})
	if err != nil {
		return nil, err
	}
	calls := map[string]int{}
	for _, c := range snap.Collection.Calls {
		calls[c.Service+" "+c.Operation] = c.Count
	}
	return &snapshotResult{snap: snap, calls: calls}, nil
}

type snapshotResult struct {
	snap  *inventory.Snapshot
	calls map[string]int
}
