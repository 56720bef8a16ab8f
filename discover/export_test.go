package discover

import "github.com/ecspack/ecspack/internal/testkit/mototest"

// MotoForTest hands the package's emulator to the external tests
// (package discover_test), which judge snapshots with assess.
func MotoForTest() *mototest.Server { return moto }
