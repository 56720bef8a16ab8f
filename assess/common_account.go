package assess

// accountChecks returns this family's checks.
func accountChecks() []Check { return nil }
