package evidence

import (
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/internal/yamlpos"
)

// MaxEscalationLevel is the highest escalation_level a contact may have:
// the matrix has three levels before AWS Support.
const MaxEscalationLevel = 3

// validateContacts checks the optional escalation fields of a contacts list
// (the sequence under key in mapping parent of file), naming the line of
// each bad value. where prefixes the setting's name ("partner.contacts").
func validateContacts(file string, parent *yaml.Node, key, where string, list []Contact, ps *problems) {
	seq := yamlpos.Value(parent, key)
	for i, c := range list {
		item := yamlpos.ItemLine(parent, key, i)
		line := func(field string) int {
			if seq != nil && seq.Kind == yaml.SequenceNode && i < len(seq.Content) {
				if v := yamlpos.Value(seq.Content[i], field); v != nil {
					return v.Line
				}
			}
			return item
		}
		if c.EscalationLevel < 0 || c.EscalationLevel > MaxEscalationLevel {
			ps.add(file, line("escalation_level"), "%s[%d].escalation_level %d: expected 1 (called first), 2 or 3, or no escalation_level to leave the contact out of the escalation matrix", where, i, c.EscalationLevel)
		}
		if c.Phone24x7 != "" && !phoneLike(c.Phone24x7) {
			ps.add(file, line("phone_24x7"), "%s[%d].phone_24x7 %q: expected a phone number answered around the clock, e.g. \"+46 8 5550 1900\" (digits, spaces and + - ( ) . /)", where, i, c.Phone24x7)
		}
		if strings.ContainsAny(c.Hours, "\n\r") {
			ps.add(file, line("hours"), "%s[%d].hours: expected one line, e.g. \"Mon–Fri 08:00–17:00 CET\"", where, i)
		}
	}
}

// phoneLike reports whether s reads as a phone number: at least six digits
// and nothing but digits, spaces and the usual separators.
func phoneLike(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()./", r):
		default:
			return false
		}
	}
	return digits >= 6
}
