package inventory

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// FuzzDecode feeds arbitrary bytes to Decode: it never panics; it either
// returns a *DecodeError naming the file (and a line inside it, when it
// names one) or a snapshot whose encoding decodes again to the same bytes.
func FuzzDecode(f *testing.F) {
	good, err := Marshal(minimal())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)/2])
	samples, _ := filepath.Glob("../samples/*/case-studies/*/inventory.json")
	for _, p := range samples {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"", "{}", "null", "[]", `{"schema_version":"1"}`,
		`{"schema_version":"1","accounts":[{"id":"123456789012","regions":[{"name":"r"},{"name":"r"}]}]}`,
		`{"schema_version":"1","accounts":[{"id":"123456789012","regions":[{"name":"r","ecs":{"clusters":[{"arn":"a","name":"c","services":[{},{}]}]}}]}]}`,
		`{"schema_version":"1","collection":{"started_at":"2026-01-01T00:00:00+14:00"},"accounts":[]}`,
		`{"schema_version":"1","accounts":[]} trailing`,
		`{"schema_version":"1","acounts":[]}`,
		`{"schema_version":"1","accounts":[{"id":1e400}]}`,
		"\"\\u00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "dir/snap.json"
		s, err := Decode(name, data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error is %T, expected *DecodeError: %v", err, err)
			}
			if de.File != name || !strings.HasPrefix(err.Error(), name) {
				t.Errorf("error does not name the file: %v", err)
			}
			if lines := bytes.Count(data, []byte{'\n'}) + 1; de.Line < 0 || de.Line > lines {
				t.Errorf("error line %d outside the file's %d lines: %v", de.Line, lines, err)
			}
			return
		}
		a, err := Marshal(s)
		if err != nil {
			t.Fatalf("encoding a decoded snapshot: %v", err)
		}
		s2, err := Decode(name, a)
		if err != nil {
			t.Fatalf("decoding the re-encoded snapshot: %v\n%s", err, a)
		}
		b, err := Marshal(s2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Fatalf("encode(decode(encode(x))) differs from encode(x):\n%s\n---\n%s", a, b)
		}
	})
}

// servicesJSON is a snapshot of one cluster whose services are each svc.
func servicesJSON(n int, svc string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"schema_version":"1","accounts":[{"id":"123456789012","regions":[{"name":"eu-west-1","ecs":{"clusters":[{"arn":"arn:c","name":"c","services":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(svc)
	}
	b.WriteString("]}]}}]}]}\n")
	return b.Bytes()
}

func TestDecodeLimits(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"ten million empty services", servicesJSON(10_000_000, "{}"),
			[]string{"big.json:1:", fmt.Sprintf("more than %d JSON objects", MaxObjects)}},
		{"objects hidden in strings do not count", servicesJSON(MaxObjects/300+1, `{"arn":"`+strings.Repeat(`{\"`, 300)+`","name":"x"}`),
			nil},
		{"more services than MaxServices", servicesJSON(MaxServices+1, `{"arn":"a","name":"s"}`),
			[]string{fmt.Sprintf("big.json: %d ECS services: expected at most %d", MaxServices+1, MaxServices)}},
		{"a megabyte-long name", servicesJSON(2, `{"arn":"a","name":"`+strings.Repeat("n", 1<<20)+`"}`),
			[]string{"big.json:1:", "a string longer than 1024 bytes"}},
		{"a name just over MaxString", servicesJSON(2, `{"arn":"a","name":"`+strings.Repeat("n", MaxString+1)+`"}`),
			[]string{"big.json:1:", "a string longer than 1024 bytes"}},
		{"a name of MaxString bytes is accepted", servicesJSON(2, `{"arn":"a","name":"`+strings.Repeat("n", MaxString)+`"}`),
			nil},
		{"an escaped quote does not end the string", servicesJSON(2, `{"arn":"a","name":"`+strings.Repeat(`\"`, MaxString)+`"}`),
			[]string{"big.json:1:", "a string longer than 1024 bytes"}},
		{"a policy-sized trust policy is accepted", []byte(`{"schema_version":"1","accounts":[{"id":"123456789012","iam":{"roles":[{"arn":"arn:aws:iam::123456789012:role/r","name":"r","trust_policy":"` + strings.Repeat(`\"x`, 10_000) + `"}]}}]}`),
			nil},
		{"a policy beyond MaxText", []byte(`{"schema_version":"1","accounts":[{"id":"123456789012","iam":{"roles":[{"arn":"arn:aws:iam::123456789012:role/r","name":"r","trust_policy":"` + strings.Repeat(`x`, MaxText+1) + `"}]}}]}`),
			[]string{"big.json:1:", "a string longer than 32768 bytes"}},
		{"a policy-sized ECR repository policy is accepted", []byte(`{"schema_version":"1","accounts":[{"id":"123456789012","iam":{},"regions":[{"name":"eu-west-1","network":{},"ecs":{},"ec2":{},"elb":{},"autoscaling":{},"ecr":{"repositories":[{"arn":"a","name":"r","uri":"u","scan_on_push":false,"policy":"` + strings.Repeat(`\"x`, 5_000) + `"}]}}]}]}`),
			nil},
		{"deep nesting", []byte(strings.Repeat("[", 100_000)),
			[]string{"big.json", "depth"}},
		{"deep nesting in a field", []byte(`{"schema_version":"1","accounts":` + strings.Repeat(`[`, 20_000) + strings.Repeat(`]`, 20_000) + `}`),
			[]string{"big.json"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// No wall-clock budget: a busy machine stretches it and fails
			// correct code; a decoder that runs on is go test's -timeout.
			_, err := Decode("big.json", tt.data)
			if tt.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error %v (%T), expected a *DecodeError", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestMaxServicesAccepted pins the bound: exactly MaxServices is accepted.
func TestMaxServicesAccepted(t *testing.T) {
	s, err := Decode("ok.json", servicesJSON(MaxServices, `{"arn":"a","name":"s"}`))
	if err != nil {
		t.Fatal(err)
	}
	if n := s.services(); n != MaxServices {
		t.Fatalf("decoded %d services, expected %d", n, MaxServices)
	}
}

// TestReadFileTooLarge checks the file cap without reading the file: a sparse
// file one byte over MaxFileSize is refused from its size alone.
func TestReadFileTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.json")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	// Counted in bytes allocated, not in wall time: reading the file
	// would allocate its 512 MiB.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadFile(path)
	runtime.ReadMemStats(&after)
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("allocated %d MiB: the file was read instead of refused by its size", alloc>>20)
	}
	var de *DecodeError
	if !errors.As(err, &de) || de.File != path || !strings.Contains(err.Error(), "larger than 512 MiB") {
		t.Fatalf("error %v, expected a *DecodeError naming %s and the 512 MiB cap", err, path)
	}
}
