package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/inventory"
)

// vendorSidecarImages are parts of the image references of sidecars a
// vendor publishes and the partner runs as shipped (AWS X-Ray daemon,
// CloudWatch agent, FireLens/Fluent Bit, Datadog agent, Envoy/App Mesh,
// ADOT collector, Service Connect agent): their settings inside the image
// cannot be changed, so a finding about one is reported once per image, not
// once per task definition that runs it.
var vendorSidecarImages = []string{
	"aws-xray-daemon", "amazon/aws-xray", "xray/aws-xray",
	"cloudwatch-agent",
	"aws-for-fluent-bit", "fluent/fluent-bit", "fluentbit", "fluent-bit",
	"datadog/agent", "datadog-agent",
	"aws-appmesh-envoy", "appmesh-envoy", "envoyproxy/envoy",
	"aws-otel-collector", "aws-observability/aws-otel",
	"ecs-service-connect-agent",
}

// vendorSidecar reports whether a container runs a vendor sidecar image.
func vendorSidecar(c *inventory.ContainerDefinition) bool {
	img := strings.ToLower(c.Image)
	for _, p := range vendorSidecarImages {
		if strings.Contains(img, p) {
			return true
		}
	}
	return false
}

// vendorImages gathers one check's notes on vendor sidecars by image, in
// first-seen order, with the task definitions that run each.
type vendorImages struct {
	order []string
	note  map[string]string
	tds   map[string][]string
}

// add records a note on an image for the revision rev.
func (v *vendorImages) add(image, note, rev string) {
	if v.note == nil {
		v.note, v.tds = map[string]string{}, map[string][]string{}
	}
	if _, ok := v.note[image]; !ok {
		v.order = append(v.order, image)
		v.note[image] = note
	}
	v.tds[image] = append(v.tds[image], rev)
}

// findings makes one finding per vendor sidecar image.
func (v *vendorImages) findings(outcome Outcome, ev, problem, remedy string) []Finding {
	var fs []Finding
	for _, img := range v.order {
		tds := v.tds[img]
		fs = append(fs, Finding{Outcome: outcome, Resource: img, Evidence: ev,
			Message:     fmt.Sprintf("vendor sidecar %s (in %d task definition(s): %s): %s — %s", img, len(tds), listUpTo(tds, 5), v.note[img], problem),
			Remediation: remedy + "; the image is the vendor's: set what the task definition allows for it, or justify the vendor's default once in the answer"})
	}
	return fs
}
