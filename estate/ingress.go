package estate

import (
	"slices"

	"github.com/ecspack/ecspack/inventory"
)

// Allow is one ingress rule of a security group that lets some traffic in.
type Allow struct {
	Group string
	Rule  inventory.SecurityRule
}

// Source is where traffic comes from, as security group rules name it:
// the groups its sender wears, or the internet.
type Source struct {
	Groups   []string
	Internet bool
}

// IngressAllowing lists the ingress rules of the groups (ids, in order)
// that let TCP traffic to port in from src: a rule whose source group is
// one src wears, or, for the internet, a rule open to 0.0.0.0/0 or ::/0.
// A rule for all protocols ("-1") matches any port. A group the snapshot
// lacks allows nothing that can be shown.
func (r *Region) IngressAllowing(groups []string, port int, src Source) []Allow {
	var out []Allow
	for _, id := range groups {
		sg := r.Index.SecurityGroup(id)
		if sg == nil {
			continue
		}
		for _, rule := range sg.Ingress {
			if !rulePort(rule, port) {
				continue
			}
			from := slices.Contains(src.Groups, rule.SourceGroup) && rule.SourceGroup != ""
			open := src.Internet && (rule.CIDR == "0.0.0.0/0" || rule.IPv6CIDR == "::/0")
			if from || open {
				out = append(out, Allow{Group: id, Rule: rule})
			}
		}
	}
	return out
}

// rulePort reports whether a rule admits TCP traffic to port.
func rulePort(rule inventory.SecurityRule, port int) bool {
	switch rule.Protocol {
	case "-1", "all":
		return true
	case "tcp", "6":
		return rule.FromPort <= port && port <= rule.ToPort
	}
	return false
}
