// Command benchtable turns `go test -bench` output (stdin) into a Markdown
// table of the median time per operation of each benchmark (stdout), so that
// `make bench` prints figures that a single noisy run cannot skew: run the
// benchmarks with -count 5.
//
//	go test -run '^$' -bench . -benchmem -count 5 ./... | go run ./.ci/benchtable
//
// With -tee FILE it also copies its input to FILE.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	tee := flag.String("tee", "", "also copy the raw benchmark output to `FILE`")
	flag.Parse()
	var in io.Reader = os.Stdin
	if *tee != "" {
		f, err := os.Create(*tee)
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		defer f.Close()
		in = io.TeeReader(os.Stdin, f)
	}
	rows, err := Parse(in)
	if err == nil && len(rows) == 0 {
		err = fmt.Errorf("benchtable: no benchmark results in the input")
	}
	if err == nil {
		err = Markdown(os.Stdout, rows)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// Row is one benchmark's figures over its runs.
type Row struct {
	// Package is the import path the benchmark ran in ("pkg:" lines).
	Package string
	// Name is the benchmark's name without the -GOMAXPROCS suffix.
	Name string
	// NsPerOp holds every run's ns/op, in input order.
	NsPerOp []float64
	// Metrics holds the median of each extra metric (B/op, allocs/op,
	// custom ones such as pages or MB), by unit.
	Metrics map[string]float64
	metrics map[string][]float64
}

// Median is the median ns/op.
func (r Row) Median() float64 { return median(r.NsPerOp) }

// Parse reads `go test -bench` output and returns one row per benchmark in
// the order they first appear. Lines that are not benchmark results are
// skipped, except "pkg:" lines, which name the package of those that follow.
func Parse(r io.Reader) ([]Row, error) {
	var rows []*Row
	index := map[string]*Row{}
	pkg := ""
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || f[3] != "ns/op" {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		ns, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("benchtable: %q: %w", line, err)
		}
		name := trimProcs(f[0])
		key := pkg + "\x00" + name
		row := index[key]
		if row == nil {
			row = &Row{Package: pkg, Name: name, metrics: map[string][]float64{}}
			index[key] = row
			rows = append(rows, row)
		}
		row.NsPerOp = append(row.NsPerOp, ns)
		for i := 4; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("benchtable: %q: metric %q: %w", line, f[i], err)
			}
			row.metrics[f[i+1]] = append(row.metrics[f[i+1]], v)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("benchtable: reading: %w", err)
	}
	out := make([]Row, len(rows))
	for i, r := range rows {
		r.Metrics = map[string]float64{}
		for unit, vs := range r.metrics {
			r.Metrics[unit] = median(vs)
		}
		out[i] = *r
	}
	return out, nil
}

// trimProcs drops the "-N" GOMAXPROCS suffix go test appends to names.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}

func median(vs []float64) float64 {
	if len(vs) == 0 {
		return 0
	}
	s := slices.Clone(vs)
	slices.Sort(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// Markdown writes the rows as a Markdown table: package, benchmark, runs,
// median time (human-readable and ns/op), spread (min–max as a share of the
// median) and the medians of memory and custom metrics.
func Markdown(w io.Writer, rows []Row) error {
	var b strings.Builder
	b.WriteString("| package | benchmark | runs | median | median ns/op | spread | B/op | allocs/op | other |\n")
	b.WriteString("|---|---|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		med := r.Median()
		spread := "–"
		if len(r.NsPerOp) > 1 && med > 0 {
			spread = fmt.Sprintf("%.0f%%", (slices.Max(r.NsPerOp)-slices.Min(r.NsPerOp))/med*100)
		}
		var other []string
		for _, unit := range sortedUnits(r.Metrics) {
			if unit == "B/op" || unit == "allocs/op" {
				continue
			}
			other = append(other, strconv.FormatFloat(r.Metrics[unit], 'g', 4, 64)+" "+unit)
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %.0f | %s | %s | %s | %s |\n",
			shortPkg(r.Package), r.Name, len(r.NsPerOp), duration(med), med, spread,
			metric(r.Metrics, "B/op"), metric(r.Metrics, "allocs/op"), strings.Join(other, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sortedUnits(m map[string]float64) []string {
	units := make([]string, 0, len(m))
	for u := range m {
		units = append(units, u)
	}
	slices.Sort(units)
	return units
}

func metric(m map[string]float64, unit string) string {
	v, ok := m[unit]
	if !ok {
		return ""
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

// shortPkg drops the module path: "github.com/ecspack/ecspack/assess" → "assess".
func shortPkg(p string) string {
	if _, rest, ok := strings.Cut(p, "github.com/ecspack/ecspack/"); ok {
		return rest
	}
	return p
}

// duration prints ns with three significant digits in a readable unit.
func duration(ns float64) string {
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return strconv.FormatFloat(d.Seconds(), 'f', 2, 64) + " s"
	case d >= time.Millisecond:
		return strconv.FormatFloat(ns/1e6, 'f', 1, 64) + " ms"
	case d >= time.Microsecond:
		return strconv.FormatFloat(ns/1e3, 'f', 1, 64) + " µs"
	}
	return strconv.FormatFloat(ns, 'f', 0, 64) + " ns"
}
