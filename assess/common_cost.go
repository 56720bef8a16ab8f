package assess

// costChecks returns this family's checks.
func costChecks() []Check { return nil }
