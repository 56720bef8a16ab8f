package diagram

import (
	"html"
	"strings"

	"github.com/ecspack/ecspack/internal/textsafe"
)

// Labeler turns one value shown in a diagram into the text printed for it.
// Every human-visible fragment of every diagram passes through it — resource
// names and ids with their kind, fixed vocabulary and counts as KindText —
// so a redacting Labeler can replace customer names, ids and CIDRs without
// knowing how diagrams are drawn. The identity function is the default.
type Labeler func(kind, value string) string

// Label kinds passed to a Labeler. Values of KindText are ecspack's own words
// and numbers; every other kind is data from the customer's estate.
const (
	KindText             = "text"
	KindAccount          = "account"
	KindAccountAlias     = "account-alias"
	KindRegion           = "region"
	KindAZ               = "availability-zone"
	KindVPC              = "vpc"
	KindVPCName          = "vpc-name"
	KindSubnet           = "subnet"
	KindSubnetName       = "subnet-name"
	KindCIDR             = "cidr"
	KindGateway          = "gateway"
	KindLoadBalancer     = "load-balancer"
	KindListener         = "listener"
	KindTargetGroup      = "target-group"
	KindCluster          = "ecs-cluster"
	KindService          = "ecs-service"
	KindCapacityProvider = "capacity-provider"
	KindAutoScalingGroup = "auto-scaling-group"
	KindInstanceType     = "instance-type"
	KindFileSystem       = "file-system"
	KindRepository       = "repository"
	KindNamespace        = "namespace"
	KindTrail            = "trail"
	KindLogGroup         = "log-group"
	KindEndpoint         = "vpc-endpoint"
	KindCaseStudy        = "case-study"
	KindExternal         = "external-system"
)

// Identity is the default Labeler: it prints every value as it is.
func Identity(_, value string) string { return value }

// text is a labelled fragment already escaped for a Graphviz HTML-like label.
type text string

// lab wraps the Labeler with HTML escaping; the builder never puts a string
// into a label except through v or t.
type lab struct{ f Labeler }

// MaxLabel is the longest value, in characters, a diagram prints whole; a
// longer name is shortened by textsafe.Shorten (its ends around a visible
// "…[#hash]…" mark, so distinct names stay distinct). AWS names run to 255
// characters; a node that wide would squeeze the rest of the page, and a
// megabyte-long one would exhaust Graphviz. The full value stays in the
// workbook.
const MaxLabel = 96

// v labels a value from the estate. The text is what the PDF can print
// (textsafe.Sanitize: control characters as U+FFFD, text the fonts lack as
// "[unprintable: …]"), so the SVG and the PDF show the same label and
// Graphviz sizes the box for it.
func (l lab) v(kind, value string) text {
	s := l.f(kind, value)
	s = textsafe.Sanitize(textsafe.Shorten(s, MaxLabel))
	s = strings.Map(func(r rune) rune {
		if r < 0x20 {
			return ' '
		}
		return r
	}, s)
	return text(html.EscapeString(s))
}

// t labels ecspack's own words and numbers.
func (l lab) t(s string) text { return l.v(KindText, s) }

// join concatenates labelled fragments with a labelled separator.
func join(sep text, parts []text) text {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(string(sep))
		}
		b.WriteString(string(p))
	}
	return text(b.String())
}

// cat concatenates labelled fragments.
func cat(parts ...text) text { return join("", parts) }
