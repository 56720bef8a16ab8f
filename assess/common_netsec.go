package assess

// netsecChecks returns this family's checks.
func netsecChecks() []Check { return nil }
