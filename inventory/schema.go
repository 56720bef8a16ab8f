package inventory

import (
	"encoding/json"
	"fmt"

	"github.com/invopop/jsonschema"
)

// SchemaID is the $id of the published JSON Schema of a snapshot.
const SchemaID = "https://ecspack.dev/schema/inventory-" + SchemaVersion + ".json"

// JSONSchema returns the JSON Schema (draft 2020-12) of the snapshot format,
// generated from these Go types so that the published schema cannot drift from
// the decoder. Tools and editors can validate hand-written snapshots with it.
func JSONSchema() ([]byte, error) {
	r := &jsonschema.Reflector{
		AllowAdditionalProperties: false,
		DoNotReference:            false,
		ExpandedStruct:            true,
	}
	s := r.Reflect(&Snapshot{})
	s.ID = jsonschema.ID(SchemaID)
	s.Title = "ecspack inventory snapshot, schema version " + SchemaVersion
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("inventory: encoding JSON Schema: %w", err)
	}
	return append(b, '\n'), nil
}
