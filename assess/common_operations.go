package assess

// operationsChecks returns this family's checks.
func operationsChecks() []Check { return nil }
