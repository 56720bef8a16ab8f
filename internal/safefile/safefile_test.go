package safefile_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ecspack/ecspack/internal/safefile"
)

// fixture is a root folder and a folder outside it, both in a temp dir.
type fixture struct{ root, out string }

func newFixture(t testing.TB) fixture {
	t.Helper()
	d := t.TempDir()
	fx := fixture{root: filepath.Join(d, "casefile"), out: filepath.Join(d, "elsewhere")}
	for _, p := range []string{fx.root, fx.out, filepath.Join(fx.root, "sub")} {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	mustWrite(t, filepath.Join(fx.root, "ok.txt"), "inside")
	mustWrite(t, filepath.Join(fx.root, "sub", "deep.txt"), "deep")
	mustWrite(t, filepath.Join(fx.out, "secret"), "root:x:0:0:root:/root:/bin/bash\n")
	return fx
}

func mustWrite(t testing.TB, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostile builds one hostile (or honest) input named name inside the root
// and returns its path.
type hostile func(t testing.TB, fx fixture, name string) string

var (
	regularFile hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		mustWrite(t, p, "hello")
		return p
	}
	fifo hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
		return p
	}
	directory hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}
	socket hostile = func(t testing.TB, fx fixture, name string) string {
		// Unix socket paths are short: put it in a short temp dir and link
		// it into the root.
		d, err := os.MkdirTemp("", "sf")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.RemoveAll(d) })
		l, err := net.Listen("unix", filepath.Join(d, "s"))
		if err != nil {
			t.Skipf("no unix sockets here: %v", err)
		}
		t.Cleanup(func() { l.Close() })
		p := filepath.Join(fx.root, name)
		if err := os.Rename(filepath.Join(d, "s"), p); err != nil {
			t.Skipf("cannot move the socket: %v", err)
		}
		return p
	}
	device hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Symlink("/dev/zero", p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sparse5G hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := f.Truncate(5 << 30); err != nil {
			t.Skipf("no sparse files here: %v", err)
		}
		return p
	}
	linkOut hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Symlink(filepath.Join(fx.out, "secret"), p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	linkToEtc hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Symlink("/etc/passwd", p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	dirLinkOut hostile = func(t testing.TB, fx fixture, name string) string {
		if err := os.Symlink(fx.out, filepath.Join(fx.root, name)); err != nil {
			t.Fatal(err)
		}
		return filepath.Join(fx.root, name, "secret")
	}
	dotdot hostile = func(t testing.TB, fx fixture, name string) string {
		return filepath.Join(fx.root, "..", "elsewhere", "secret")
	}
	linkInRelative hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Symlink(filepath.Join("sub", "deep.txt"), p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	linkInAbsolute hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Symlink(filepath.Join(fx.root, "ok.txt"), p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	hardLinkOut hostile = func(t testing.TB, fx fixture, name string) string {
		p := filepath.Join(fx.root, name)
		if err := os.Link(filepath.Join(fx.out, "secret"), p); err != nil {
			t.Skipf("no hard links here: %v", err)
		}
		return p
	}
	missing hostile = func(t testing.TB, fx fixture, name string) string {
		return filepath.Join(fx.root, name)
	}
)

func TestGuards(t *testing.T) {
	tests := []struct {
		name string
		make hostile
		max  int64
		// wantIn is the kind ReadFileIn fails with (nil: it reads want).
		wantIn error
		// wantOpen is the kind ReadFile fails with, without a root.
		wantOpen error
		want     string
		reason   string
	}{
		{"regular file", regularFile, 100, nil, nil, "hello", ""},
		{"regular file at the limit", regularFile, 5, nil, nil, "hello", ""},
		{"regular file past the limit", regularFile, 4, safefile.ErrTooLarge, safefile.ErrTooLarge, "", "larger than the 4 bytes"},
		{"5 GB sparse file", sparse5G, 2 << 20, safefile.ErrTooLarge, safefile.ErrTooLarge, "", "it is 5 GiB"},
		{"FIFO", fifo, 100, safefile.ErrNotRegular, safefile.ErrNotRegular, "", "named pipe (FIFO)"},
		{"directory", directory, 100, safefile.ErrNotRegular, safefile.ErrNotRegular, "", "is a directory"},
		{"socket", socket, 100, safefile.ErrNotRegular, safefile.ErrNotRegular, "", "is a socket"},
		{"device via a link", device, 100, safefile.ErrOutside, safefile.ErrNotRegular, "", ""},
		{"link to a file outside", linkOut, 100, safefile.ErrOutside, nil, "root:x:0:0:root:/root:/bin/bash\n", "leads outside"},
		{"link to /etc/passwd", linkToEtc, 1 << 20, safefile.ErrOutside, nil, "", "leads outside"},
		{"file in a linked folder outside", dirLinkOut, 100, safefile.ErrOutside, nil, "root:x:0:0:root:/root:/bin/bash\n", "leads outside"},
		{"path climbing out with ..", dotdot, 100, safefile.ErrOutside, nil, "root:x:0:0:root:/root:/bin/bash\n", "leads outside"},
		{"relative link inside", linkInRelative, 100, nil, nil, "deep", ""},
		{"absolute link inside", linkInAbsolute, 100, nil, nil, "inside", ""},
		{"hard link to a file outside", hardLinkOut, 100, safefile.ErrHardLink, nil, "root:x:0:0:root:/root:/bin/bash\n", "hard links"},
		{"missing file", missing, 100, fs.ErrNotExist, fs.ErrNotExist, "", "does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fx := newFixture(t)
			p := tt.make(t, fx, "input")
			got, err := safefile.ReadFileIn(fx.root, p, tt.max)
			check(t, "ReadFileIn", p, got, err, tt.wantIn, tt.want, tt.reason)
			if tt.name == "link to /etc/passwd" {
				return // the machine's file: only confinement matters
			}
			got, err = safefile.ReadFile(p, tt.max)
			check(t, "ReadFile", p, got, err, tt.wantOpen, tt.want, "")
			if tt.wantIn == nil {
				if err := safefile.CheckIn(fx.root, p, tt.max); err != nil {
					t.Errorf("CheckIn: %v", err)
				}
			}
		})
	}
}

func check(t *testing.T, fn, path string, got []byte, err, want error, body, reason string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Errorf("%s: %v", fn, err)
		} else if string(got) != body {
			t.Errorf("%s read %q, want %q", fn, got, body)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("%s: error %v, want %v", fn, err, want)
	}
	var se *safefile.Error
	if !errors.As(err, &se) || se.Path != path || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("%s: error %q does not start with the path %s", fn, err, path)
	}
	if !strings.Contains(err.Error(), reason) {
		t.Errorf("%s: error %q does not say %q", fn, err, reason)
	}
	if strings.Contains(err.Error(), "root:x:0") {
		t.Errorf("%s: error %q echoes the file's content", fn, err)
	}
}

// TestGrowthWhileReading: the size is enforced while reading, not only by
// the fstat before it.
func TestGrowthWhileReading(t *testing.T) {
	fx := newFixture(t)
	p := filepath.Join(fx.root, "grows")
	mustWrite(t, p, "small")
	f, err := safefile.OpenIn(fx.root, p, 10)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Size() != 5 || f.Name() != p {
		t.Errorf("Size %d Name %q", f.Size(), f.Name())
	}
	mustWrite(t, p, strings.Repeat("x", 1000))
	data, err := io.ReadAll(f)
	if !errors.Is(err, safefile.ErrTooLarge) || !strings.Contains(err.Error(), "grew past the limit") {
		t.Fatalf("read %d bytes, error %v: want ErrTooLarge", len(data), err)
	}
	if len(data) > 10 {
		t.Errorf("read %d bytes past a limit of 10", len(data))
	}
	if _, err := f.Read(make([]byte, 10)); !errors.Is(err, safefile.ErrTooLarge) {
		t.Errorf("a read after the refusal: %v", err)
	}
}

func TestInside(t *testing.T) {
	fx := newFixture(t)
	if err := os.Symlink("/etc", filepath.Join(fx.root, "etc")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("sub", filepath.Join(fx.root, "alias")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		path string
		want bool
	}{
		{filepath.Join(fx.root, "sub"), true},
		{filepath.Join(fx.root, "alias"), true},
		{filepath.Join(fx.root, "etc"), false},
		{filepath.Join(fx.root, "..", "elsewhere"), false},
		{filepath.Join(fx.root, "not-yet"), true},
	}
	for _, tt := range tests {
		if got := safefile.Inside(fx.root, tt.path); got != tt.want {
			t.Errorf("Inside(%s) = %v, want %v", tt.path, got, tt.want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1 << 10: "1 KiB", 1536: "1.5 KiB", 2 << 20: "2 MiB", 5 << 30: "5 GiB"} {
		if got := safefile.Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}

// FuzzReadFileIn reads arbitrary content through every kind of hostile
// input: the guarded reader either returns exactly the bytes of a regular
// file inside the root within the limit, or an error naming the path — and
// never blocks (the package runs under go test's -timeout) or echoes
// content from outside.
func FuzzReadFileIn(f *testing.F) {
	kinds := []hostile{regularFile, fifo, directory, socket, device, sparse5G, linkOut, linkToEtc,
		dirLinkOut, dotdot, linkInRelative, linkInAbsolute, hardLinkOut, missing}
	for k := range kinds {
		f.Add(uint8(k), []byte("hello"), int64(100))
	}
	f.Add(uint8(0), []byte(strings.Repeat("x", 4096)), int64(4095))
	f.Add(uint8(0), []byte{}, int64(0))
	f.Add(uint8(0), []byte("\x00\xff"), int64(-1))
	f.Fuzz(func(t *testing.T, kind uint8, content []byte, max int64) {
		// A negative max means "no limit", which no input of ecspack is
		// read with; the 5 GB sparse file would then be read whole.
		if max < 0 || max > 1<<20 {
			max = 1 << 20
		}
		k := kinds[int(kind)%len(kinds)]
		fx := newFixture(t)
		mustWrite(t, filepath.Join(fx.out, "secret"), string(content))
		p := k(t, fx, "input")
		if int(kind)%len(kinds) == 0 {
			mustWrite(t, p, string(content))
		}
		got, err := safefile.ReadFileIn(fx.root, p, max)
		if err != nil {
			var se *safefile.Error
			if !errors.As(err, &se) || se.Path != p {
				t.Fatalf("error %v does not name %s", err, p)
			}
			if len(content) > 8 && bytes.Contains([]byte(err.Error()), content) {
				t.Fatalf("error %q echoes the content", err)
			}
			return
		}
		switch int(kind) % len(kinds) {
		case 0:
			if !bytes.Equal(got, content) {
				t.Fatalf("read %q, want %q", got, content)
			}
			if int64(len(got)) > max {
				t.Fatalf("read %d bytes past the limit %d", len(got), max)
			}
		case 10, 11:
			// links inside the root: allowed
		default:
			t.Fatalf("hostile input %d was read: %q", kind, got)
		}
	})
}
