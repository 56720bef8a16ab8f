package main

import "github.com/spf13/cobra"

// addServiceCommands registers the commands whose logic lives in the
// discovery, diagram and pricing packages.
func addServiceCommands(root *cobra.Command, a *app) {
	root.AddCommand(
		newDiscoverCmd(a),
		newIAMPolicyCmd(a),
		newCollectScriptCmd(a),
		newImportCmd(a),
		newImportFindingsCmd(a),
		newDiagramCmd(),
		newPricesCmd(),
	)
}
