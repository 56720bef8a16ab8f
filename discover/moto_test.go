package discover

import (
	"os"
	"testing"
	"time"

	"github.com/ecspack/ecspack/discover/inventory"
	"github.com/ecspack/ecspack/discover/mototest"
)

func TestDiscoverEstateInMotoDraft(t *testing.T) {
	moto.Require(t)
	moto.Reset(t)
	est := mototest.MustBuildEstate(t, moto.Config())
	_ = est
	snap, err := RunConfig(mototest.Context(t), moto.Config(), Options{Regions: []string{mototest.Region}, Now: func() time.Time { return time.Unix(0, 0) }})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := inventory.Marshal(snap)
	os.WriteFile("/tmp/snap.json", b, 0o644)
}
