package cost

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/ecspack/ecspack/internal/safefile"
	"github.com/ecspack/ecspack/internal/yamlpos"
	"github.com/ecspack/ecspack/templates"
)

// EmbeddedPricesFile is the path, inside templates.FS, of the price table
// shipped with ecspack.
const EmbeddedPricesFile = "prices/aws-2025-06.yaml"

// MaxPricesSize bounds a price table file; real ones are a few kilobytes.
const MaxPricesSize = 4 << 20

// Prices is a dated price table: the only source of unit prices the model
// uses, so the package can print where every figure comes from.
type Prices struct {
	// Source names where the prices were taken from, e.g. "AWS public price list".
	Source string `yaml:"source" json:"source"`
	// Date is when the prices were read (YYYY-MM-DD), printed with every model.
	Date string `yaml:"date" json:"date"`
	// Currency is the currency of every price, "USD" for AWS list prices.
	Currency string `yaml:"currency" json:"currency"`
	// Assumptions are the named values the model uses besides prices
	// (hours per month, Spot discounts, LCUs); see the Assumption* keys.
	Assumptions map[string]float64 `yaml:"assumptions" json:"assumptions"`
	// Regions are the prices per region code.
	Regions map[string]RegionPrices `yaml:"regions" json:"regions"`
}

// RegionPrices are the on-demand prices of one region.
type RegionPrices struct {
	// Fargate prices by "<os>_<arch>": linux_x86_64, linux_arm64, windows_x86_64.
	Fargate map[string]FargatePrice `yaml:"fargate" json:"fargate"`
	// FargateEphemeralGBHour is the price of ephemeral storage above the free 20 GB.
	FargateEphemeralGBHour float64 `yaml:"fargate_ephemeral_gb_hour,omitempty" json:"fargate_ephemeral_gb_hour,omitempty"`
	// ECSAnywhereInstanceHour is the price of one ECS Anywhere managed instance.
	ECSAnywhereInstanceHour float64 `yaml:"ecs_anywhere_instance_hour,omitempty" json:"ecs_anywhere_instance_hour,omitempty"`
	// LoadBalancer prices by type: application, network, gateway.
	LoadBalancer map[string]LBPrice `yaml:"load_balancer" json:"load_balancer"`
	NATGateway   *NATPrice          `yaml:"nat_gateway,omitempty" json:"nat_gateway,omitempty"`
	// EC2 is the Linux on-demand price per instance-hour by instance type.
	EC2 map[string]float64 `yaml:"ec2" json:"ec2"`
}

// FargatePrice is Fargate's price per vCPU-hour and per GB-hour.
type FargatePrice struct {
	VCPUHour float64 `yaml:"vcpu_hour" json:"vcpu_hour"`
	GBHour   float64 `yaml:"gb_hour" json:"gb_hour"`
}

// LBPrice is a load balancer's hourly price and its capacity unit price.
type LBPrice struct {
	Hour    float64 `yaml:"hour" json:"hour"`
	LCUHour float64 `yaml:"lcu_hour" json:"lcu_hour"`
}

// NATPrice is a NAT gateway's hourly price and its data processing price per GB.
type NATPrice struct {
	Hour        float64 `yaml:"hour" json:"hour"`
	GBProcessed float64 `yaml:"gb_processed" json:"gb_processed"`
}

// The assumption keys the model reads. Every one has a default in the
// embedded table; a price file may omit any of them and gets the default.
const (
	AssumptionHoursPerMonth       = "hours_per_month"
	AssumptionFargateSpotDiscount = "fargate_spot_discount"
	AssumptionEC2SpotDiscount     = "ec2_spot_discount"
	AssumptionALBLCU              = "alb_lcu_per_hour"
	AssumptionNLBLCU              = "nlb_lcu_per_hour"
	AssumptionGWLBLCU             = "gwlb_lcu_per_hour"
	AssumptionNATGB               = "nat_gb_per_month"
)

// assumptionInfo describes each assumption for the assumptions table; it is
// an immutable table.
var assumptionInfo = map[string]struct {
	name, unit string
	defValue   float64
	fraction   bool
}{
	AssumptionHoursPerMonth:       {"Hours per month", "hours", 730, false},
	AssumptionFargateSpotDiscount: {"Fargate Spot discount below on-demand", "fraction", 0.70, true},
	AssumptionEC2SpotDiscount:     {"EC2 Spot discount below on-demand", "fraction", 0.70, true},
	AssumptionALBLCU:              {"Application Load Balancer LCUs per hour", "LCU", 1, false},
	AssumptionNLBLCU:              {"Network Load Balancer NLCUs per hour", "NLCU", 1, false},
	AssumptionGWLBLCU:             {"Gateway Load Balancer GLCUs per hour", "GLCU", 1, false},
	AssumptionNATGB:               {"Data processed per NAT gateway per month", "GB", 0, false},
}

// AssumptionKeys lists the assumption keys in the order the model prints them.
func AssumptionKeys() []string {
	return []string{AssumptionHoursPerMonth, AssumptionFargateSpotDiscount, AssumptionEC2SpotDiscount,
		AssumptionALBLCU, AssumptionNLBLCU, AssumptionGWLBLCU, AssumptionNATGB}
}

// PriceError is a problem in a price table file, located by line.
type PriceError struct {
	File string
	Line int
	Msg  string
}

func (e *PriceError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// EmbeddedPrices returns the price table shipped with ecspack.
func EmbeddedPrices() (*Prices, error) {
	data, err := fs.ReadFile(templates.FS, EmbeddedPricesFile)
	if err != nil {
		return nil, fmt.Errorf("read embedded price table: %w", err)
	}
	return ParsePrices(EmbeddedPricesFile, data)
}

// EmbeddedPricesSource returns the embedded table's bytes, as shipped, for
// `ecspack prices` to print.
func EmbeddedPricesSource() ([]byte, error) {
	return fs.ReadFile(templates.FS, EmbeddedPricesFile)
}

// ReadPricesFile reads a partner's price table (the --prices override)
// through the guarded reader: a regular file (never a FIFO or device) of at
// most MaxPricesSize bytes, checked before and while reading.
func ReadPricesFile(path string) (*Prices, error) {
	data, err := safefile.ReadFile(path, MaxPricesSize)
	return readPrices(path, data, err)
}

// ReadPricesFileIn is ReadPricesFile for the casefile's `prices:` table,
// which must stay inside root: a symbolic link out of it (or a hard-linked
// file) is refused before anything is read, so no line of another file can
// reach an error message.
func ReadPricesFileIn(root, path string) (*Prices, error) {
	data, err := safefile.ReadFileIn(root, path, MaxPricesSize)
	return readPrices(path, data, err)
}

func readPrices(path string, data []byte, err error) (*Prices, error) {
	var se *safefile.Error
	if errors.Is(err, safefile.ErrTooLarge) {
		return nil, &PriceError{File: path, Msg: fmt.Sprintf("larger than %d bytes: expected a price table of a few kilobytes", MaxPricesSize)}
	}
	if errors.As(err, &se) {
		return nil, &PriceError{File: path, Msg: se.Reason}
	}
	if err != nil {
		return nil, fmt.Errorf("read price table %s: %w", path, err)
	}
	return ParsePrices(path, data)
}

var yamlLineRE = regexp.MustCompile(`line (\d+): (.*)`)

// ParsePrices decodes a price table (YAML, or JSON of the same shape)
// strictly and validates it. name is used in error messages.
func ParsePrices(name string, data []byte) (*Prices, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(name, err)
	}
	p := &Prices{}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(p); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &PriceError{File: name, Msg: "empty: expected source, date, currency and regions"}
		}
		return nil, yamlError(name, err)
	}
	doc := &root
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		doc = doc.Content[0]
	}
	if err := p.validate(name, doc); err != nil {
		return nil, err
	}
	if p.Assumptions == nil {
		p.Assumptions = map[string]float64{}
	}
	for k, a := range assumptionInfo {
		if _, ok := p.Assumptions[k]; !ok {
			p.Assumptions[k] = a.defValue
		}
	}
	return p, nil
}

func yamlError(name string, err error) error {
	msg := err.Error()
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		rest := m[2]
		if f, t, ok := strings.Cut(rest, " not found in type "); ok {
			rest = fmt.Sprintf("unknown key %q (in %s): check its spelling", strings.TrimPrefix(f, "field "), strings.TrimPrefix(t, "cost."))
		}
		return &PriceError{File: name, Line: line, Msg: rest}
	}
	return &PriceError{File: name, Msg: msg}
}

var fargateKeys = []string{"linux_x86_64", "linux_arm64", "windows_x86_64", "windows_arm64"}
var lbKeys = []string{"application", "network", "gateway"}
var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (p *Prices) validate(name string, root *yaml.Node) error {
	bad := func(line int, format string, a ...any) error {
		return &PriceError{File: name, Line: line, Msg: fmt.Sprintf(format, a...)}
	}
	if p.Source == "" {
		return bad(yamlpos.Line(root), "source is missing: expected where the prices come from, e.g. \"AWS public price list\"")
	}
	if !dateRE.MatchString(p.Date) {
		return bad(yamlpos.Line(root, "date"), "date %q: expected the date the prices were read, as YYYY-MM-DD", p.Date)
	}
	if p.Currency == "" {
		return bad(yamlpos.Line(root, "currency"), "currency is missing: expected e.g. USD")
	}
	for _, k := range slices.Sorted(maps.Keys(p.Assumptions)) {
		info, ok := assumptionInfo[k]
		if !ok {
			return bad(yamlpos.Line(root, "assumptions", k), "unknown assumption %q: expected one of %s", k, strings.Join(AssumptionKeys(), ", "))
		}
		v := p.Assumptions[k]
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || (info.fraction && v >= 1) || (k == AssumptionHoursPerMonth && v == 0) {
			return bad(yamlpos.Line(root, "assumptions", k), "assumption %s = %v: expected a non-negative number%s", k, v, map[bool]string{true: " below 1", false: ""}[info.fraction])
		}
	}
	if len(p.Regions) == 0 {
		return bad(yamlpos.Line(root, "regions"), "regions is empty: expected prices for at least one region")
	}
	for _, r := range slices.Sorted(maps.Keys(p.Regions)) {
		rp := p.Regions[r]
		neg := func(v float64) bool { return v < 0 || math.IsNaN(v) || math.IsInf(v, 0) }
		for _, k := range slices.Sorted(maps.Keys(rp.Fargate)) {
			if !slices.Contains(fargateKeys, k) {
				return bad(yamlpos.Line(root, "regions", r, "fargate", k), "regions.%s.fargate.%s: expected one of %s", r, k, strings.Join(fargateKeys, ", "))
			}
			if f := rp.Fargate[k]; neg(f.VCPUHour) || neg(f.GBHour) || f.VCPUHour == 0 {
				return bad(yamlpos.Line(root, "regions", r, "fargate", k), "regions.%s.fargate.%s: expected vcpu_hour > 0 and gb_hour >= 0", r, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(rp.LoadBalancer)) {
			if !slices.Contains(lbKeys, k) {
				return bad(yamlpos.Line(root, "regions", r, "load_balancer", k), "regions.%s.load_balancer.%s: expected one of %s", r, k, strings.Join(lbKeys, ", "))
			}
			if l := rp.LoadBalancer[k]; neg(l.Hour) || neg(l.LCUHour) {
				return bad(yamlpos.Line(root, "regions", r, "load_balancer", k), "regions.%s.load_balancer.%s: expected non-negative prices", r, k)
			}
		}
		for _, k := range slices.Sorted(maps.Keys(rp.EC2)) {
			if v := rp.EC2[k]; neg(v) || v == 0 {
				return bad(yamlpos.Line(root, "regions", r, "ec2", k), "regions.%s.ec2.%s = %v: expected a price per instance-hour above 0", r, k, v)
			}
		}
		if n := rp.NATGateway; n != nil && (neg(n.Hour) || neg(n.GBProcessed)) {
			return bad(yamlpos.Line(root, "regions", r, "nat_gateway"), "regions.%s.nat_gateway: expected non-negative prices", r)
		}
		if neg(rp.FargateEphemeralGBHour) || neg(rp.ECSAnywhereInstanceHour) {
			return bad(yamlpos.Line(root, "regions", r), "regions.%s: expected non-negative prices", r)
		}
	}
	return nil
}
