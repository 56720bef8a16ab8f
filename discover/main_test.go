package discover

import (
	"fmt"
	"os"
	"testing"

	"github.com/ecspack/ecspack/internal/testkit/mototest"
)

// moto is the emulator shared by this package's tests; nil-safe (see mototest.Server.Require).
var moto *mototest.Server

func TestMain(m *testing.M) {
	srv, err := mototest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "discover tests:", err)
	}
	moto = srv
	code := m.Run()
	srv.Stop()
	os.Exit(code)
}
