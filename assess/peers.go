package assess

import (
	"fmt"
	"strings"

	"github.com/ecspack/ecspack/catalog/peers"
	"github.com/ecspack/ecspack/evidence/peerfind"
)

// peerFindings turns the other scanners' findings imported into the case
// study (`ecspack import-findings`) that strengthen control controlID into
// findings of the check the references table maps them to: an info finding
// with its source ("Security Hub: FAILED ECS.4 on arn:…"), and a warning
// when it contradicts our verdict on the same resource — a peer's FAILED
// where our check passed it, or a peer's PASSED where our check failed it.
// A peer's verdict never replaces ours: the status rests on our findings.
func peerFindings(controlID string, in *Input, ours []Finding, tab *peers.Table) []Finding {
	if in.Case == nil || tab == nil {
		return nil
	}
	var out []Finding
	for _, pf := range in.Case.PeerFindings {
		for _, check := range tab.ChecksFor(pf.Control) {
			if (Check{ID: check}).Control() != controlID {
				continue
			}
			ev := "ecspack import-findings (" + peerfind.FileName(pf.Source) + ", from " + pf.From + ")"
			out = append(out, Finding{Check: check, Outcome: Info, Resource: pf.Resource, Message: pf.Sentence(), Evidence: ev})
			if msg := disagreement(pf, check, ours); msg != "" {
				out = append(out, Finding{Check: check, Outcome: Warn, Resource: pf.Resource, Message: msg, Evidence: ev,
					Remediation: "Find out which verdict is right: fix the resource, or say in the answer why " + peerfind.SourceName(pf.Source) + " judges it differently"})
			}
		}
	}
	return out
}

// disagreement says how pf contradicts what our check found on its
// resource, or "" when it does not (or we judged that resource no way).
func disagreement(pf peerfind.Finding, check string, ours []Finding) string {
	passed, failed := false, false
	for _, f := range flatten(ours) {
		if f.Check != check || !sameResource(f.Resource, pf.Resource) {
			continue
		}
		switch f.Outcome {
		case Pass:
			passed = true
		case Fail, Warn, AcceptedRisk:
			failed = true
		}
	}
	who := peerfind.SourceName(pf.Source) + " " + pf.Control
	switch {
	case pf.Status == peerfind.Failed && passed && !failed:
		return fmt.Sprintf("Disagreement: %s FAILED %s, but our check %s passed it", who, pf.Resource, check)
	case pf.Status == peerfind.Passed && failed && !passed:
		return fmt.Sprintf("Disagreement: %s PASSED %s, but our check %s did not", who, pf.Resource, check)
	}
	return ""
}

// flatten is the findings with each aggregated pass replaced by the passes
// it stands for, so a resource summed up in one pass can still be matched.
func flatten(fs []Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if len(f.parts) > 0 {
			out = append(out, flatten(f.parts)...)
			continue
		}
		out = append(out, f)
	}
	return out
}

// sameResource reports whether our finding's resource (an ARN or a short
// name such as "web:7") and a peer's (an ARN) are the same resource.
func sameResource(ours, peer string) bool {
	if ours == "" || peer == "" {
		return false
	}
	return ours == peer || strings.HasSuffix(peer, "/"+ours) || strings.HasSuffix(peer, ":"+ours)
}
