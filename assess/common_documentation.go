package assess

// documentationChecks returns this family's checks.
func documentationChecks() []Check { return nil }
