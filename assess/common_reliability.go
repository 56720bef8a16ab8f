package assess

// reliabilityChecks returns this family's checks.
func reliabilityChecks() []Check { return nil }
