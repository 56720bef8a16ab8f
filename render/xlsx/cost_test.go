package xlsx

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// costRows reads the Cost sheet's raw cell values.
func costRows(t *testing.T, f *excelize.File) [][]string {
	t.Helper()
	rows, err := f.GetRows(CostSheetName, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("read Cost sheet: %v", err)
	}
	return rows
}

// rowWith returns the 1-based row whose column col (1-based) holds text, or
// fails the test.
func rowWith(t *testing.T, rows [][]string, col int, text string) int {
	t.Helper()
	for i, r := range rows {
		if len(r) >= col && r[col-1] == text {
			return i + 1
		}
	}
	t.Fatalf("no Cost row with %q in column %d: %q", text, col, rows)
	return 0
}

// calcCost recalculates one Cost cell with excelize.
func calcCost(t *testing.T, f *excelize.File, cell string) float64 {
	t.Helper()
	v, err := f.CalcCellValue(CostSheetName, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("calc %s: %v", cell, err)
	}
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		t.Fatalf("calc %s = %q: %v", cell, v, err)
	}
	return x
}

// nearly compares money computed two ways.
func nearly(got, want float64) bool { return math.Abs(got-want) <= 1e-9*max(1, math.Abs(want)) }

// Hand-computed monthly costs of the fixture's lines with its assumptions
// (730 hours, Spot 70 % off, 2 LCUs, 100 GB per NAT gateway), each rounded
// to the cent as the sheet's formulas do.
const (
	ordersMonthly = 36.04  // 2 tasks × 0.024685 × 730 = 36.0401
	spotMonthly   = 10.81  // 36.0401 × (1 − 0.7) = 10.81203
	supportLine   = 500.0  // fixed monthly charge
	albMonthly    = 18.40  // 0.0252 × 730 = 18.396
	lcuMonthly    = 11.68  // 2 LCU × 0.008 × 730
	natMonthly    = 13.50  // 3 gateways × 100 GB × 0.045
	m5Monthly     = 70.08  // 0.096 × 730
	alphaTotal    = 546.85 // 36.04 + 10.81 + 500
	betaTotal     = 113.66 // 18.40 + 11.68 + 13.50 + 70.08
)

func TestCostSheetLayout(t *testing.T) {
	f := open(t, write(t, fixture(t)))
	rows := costRows(t, f)
	if rows[0][0] != "Assumptions" {
		t.Fatalf("A1 = %q, want the Assumptions block first", rows[0][0])
	}
	hours := rowWith(t, rows, asKey, "hours_per_month")
	spot := rowWith(t, rows, asKey, "fargate_spot_discount")
	lcu := rowWith(t, rows, asKey, "alb_lcu_per_hour")
	nat := rowWith(t, rows, asKey, "nat_gb_per_month")
	// One row per assumption although both case studies define them.
	if got := []int{hours, spot, lcu, nat}; got[0] != 3 || got[1] != 4 || got[2] != 5 || got[3] != 6 {
		t.Errorf("assumption rows = %v, want 3..6 in the given order", got)
	}
	for _, c := range []struct{ cell, want string }{
		{cellName(asName, hours), "Hours per month"}, {cellName(asValue, hours), "730"}, {cellName(asUnit, hours), "hours"},
		{cellName(asNote, hours), "price table 2025-06"}, {cellName(asValue, spot), "0.7"},
	} {
		if got := value(t, f, CostSheetName, c.cell); got != c.want {
			t.Errorf("%s = %q, want %q", c.cell, got, c.want)
		}
	}
	// Inputs are styled as such: pale yellow fill, blue figures; the
	// discount as a percentage.
	for _, c := range []struct {
		cell, numFmt string
	}{{cellName(asValue, hours), ""}, {cellName(asValue, spot), "0.0%"}} {
		id, err := f.GetCellStyle(CostSheetName, c.cell)
		if err != nil {
			t.Fatal(err)
		}
		style, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(style.Fill.Color) == 0 || style.Fill.Color[0] != "FFF2CC" || style.Font == nil || style.Font.Color != "0000FF" {
			t.Errorf("%s is not styled as an input: fill %v font %+v", c.cell, style.Fill.Color, style.Font)
		}
		if c.numFmt != "" && (style.CustomNumFmt == nil || *style.CustomNumFmt != c.numFmt) {
			t.Errorf("%s number format %v, want %s", c.cell, style.CustomNumFmt, c.numFmt)
		}
	}
	// Each assumption has a workbook-level name on its value cell.
	names := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Scope == "Workbook" {
			names[n.Name] = n.RefersTo
		}
	}
	for key, row := range map[string]int{"hours_per_month": hours, "fargate_spot_discount": spot, "alb_lcu_per_hour": lcu, "nat_gb_per_month": nat} {
		if want := "'Cost'!" + absCell(asValue, row); names[key] != want {
			t.Errorf("defined name %s = %q, want %q (all: %v)", key, names[key], want, names)
		}
	}

	hdr := rowWith(t, rows, costCase, "Case study")
	if hdr != nat+2 {
		t.Errorf("table header on row %d, want %d (one blank row after the assumptions)", hdr, nat+2)
	}
	if got := rows[hdr-1][costDiscount-1]; got != "Discount" {
		t.Errorf("Discount column header = %q", got)
	}
	panes, err := f.GetPanes(CostSheetName)
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != hdr {
		t.Errorf("panes %+v, want rows 1..%d frozen", panes, hdr)
	}
	// The formulas of each kind of line.
	for _, c := range []struct {
		item    string
		col     int
		formula string
	}{
		{"shop/orders", costHours, absCell(asValue, hours)},
		{"shop/orders", costQuantity, ""},
		{"shop/orders", costDiscount, ""},
		{"shop/orders (Fargate Spot)", costDiscount, absCell(asValue, spot)},
		{"support", costHours, ""},
		{"ALB capacity units", costQuantity, absCell(asValue, lcu)},
		{"NAT data processing", costQuantity, absCell(asValue, nat) + "*3"},
		{"NAT data processing", costHours, ""},
		{"m5.large", costHours, ""},
	} {
		row := rowWith(t, rows, costItem, c.item)
		got, err := f.GetCellFormula(CostSheetName, cellName(c.col, row))
		if err != nil {
			t.Fatal(err)
		}
		if got != c.formula {
			t.Errorf("%s column %d formula %q, want %q", c.item, c.col, got, c.formula)
		}
	}
	row := rowWith(t, rows, costItem, "shop/orders")
	if got, _ := f.GetCellFormula(CostSheetName, cellName(costMonthly, row)); got != "ROUND(D9*F9*G9*(1-H9),2)" || row != 9 {
		t.Errorf("monthly formula on row %d = %q", row, got)
	}
	// Every formula's cached value is what a recalculation gives, for
	// readers that do not recalculate.
	for i, r := range rows {
		for j := range r {
			cell := cellName(j+1, i+1)
			fm, _ := f.GetCellFormula(CostSheetName, cell)
			if fm == "" {
				continue
			}
			cached, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				t.Errorf("%s (=%s) cached %q", cell, fm, r[j])
				continue
			}
			if calc := calcCost(t, f, cell); !nearly(cached, calc) {
				t.Errorf("%s (=%s) cached %v, recalculated %v", cell, fm, cached, calc)
			}
		}
	}
}

func TestCostFormulasFollowAssumptions(t *testing.T) {
	data := write(t, fixture(t))
	base := map[string]float64{
		"shop/orders": ordersMonthly, "shop/orders (Fargate Spot)": spotMonthly, "support": supportLine,
		"ALB": albMonthly, "ALB capacity units": lcuMonthly, "NAT data processing": natMonthly, "m5.large": m5Monthly,
	}
	alphaItems := []string{"shop/orders", "shop/orders (Fargate Spot)", "support"}
	betaItems := []string{"ALB", "ALB capacity units", "NAT data processing", "m5.large"}
	for _, tc := range []struct {
		name string
		set  map[string]float64 // assumption key → new value
		// moved lists the lines that change, with their new monthly cost;
		// every other line must keep its cost.
		moved map[string]float64
	}{
		{name: "as written"},
		// The hour-based lines halve (to the cent: 18.02005, 5.406015,
		// 9.198); the NAT data, the fixed charge and the line without a key
		// do not move.
		{name: "hours halved", set: map[string]float64{"hours_per_month": 365}, moved: map[string]float64{
			"shop/orders": 18.02, "shop/orders (Fargate Spot)": 5.41, "ALB": 9.20, "ALB capacity units": 5.84,
		}},
		// Only the Spot line moves: 36.0401 × 0.5.
		{name: "Spot discount", set: map[string]float64{"fargate_spot_discount": 0.5}, moved: map[string]float64{
			"shop/orders (Fargate Spot)": 18.02,
		}},
		{name: "capacity units", set: map[string]float64{"alb_lcu_per_hour": 4}, moved: map[string]float64{"ALB capacity units": 23.36}},
		{name: "NAT data", set: map[string]float64{"nat_gb_per_month": 200}, moved: map[string]float64{"NAT data processing": 27}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := open(t, data)
			rows := costRows(t, f)
			for key, v := range tc.set {
				if err := f.SetCellValue(CostSheetName, cellName(asValue, rowWith(t, rows, asKey, key)), v); err != nil {
					t.Fatal(err)
				}
			}
			want := map[string]float64{}
			for k, v := range base {
				want[k] = v
			}
			for k, v := range tc.moved {
				want[k] = v
			}
			for item, w := range want {
				cell := cellName(costMonthly, rowWith(t, rows, costItem, item))
				if got := calcCost(t, f, cell); !nearly(got, w) {
					t.Errorf("%s monthly %v, want %v", item, got, w)
				}
			}
			sum := func(items []string) float64 {
				s := 0.0
				for _, i := range items {
					s += want[i]
				}
				return s
			}
			alpha, beta := sum(alphaItems), sum(betaItems)
			if tc.set == nil && (!nearly(alpha, alphaTotal) || !nearly(beta, betaTotal)) {
				t.Fatalf("hand-computed lines add up to %v and %v, not %v and %v", alpha, beta, alphaTotal, betaTotal)
			}
			for label, w := range map[string]float64{
				"AWS total alpha": alpha, "AWS total beta-with-a-rather-long-case-identifier": beta, "AWS grand total": alpha + beta,
			} {
				cell := cellName(costMonthly, rowWith(t, rows, costCase, label))
				if got := calcCost(t, f, cell); !nearly(got, w) {
					t.Errorf("%s = %v, want %v", label, got, w)
				}
			}
		})
	}
}

func TestCostAssumptionsPerCaseStudy(t *testing.T) {
	in := fixture(t)
	in.Cost = []CostSheet{
		{CaseID: "a", Assumptions: []CostAssumption{
			{Key: "hours_per_month", Name: "Hours per month", Value: 730, Unit: "hours"},
			{Key: "fargate_spot_discount", Name: "Spot discount", Value: 0.7, Unit: "fraction"},
		}, Lines: []CostLine{
			{Item: "a-task", Quantity: 1, UnitPrice: 1, Hours: 730, HoursKey: "hours_per_month", Discount: 0.7, DiscountKey: "fargate_spot_discount"},
			// Disagrees with its assumption: keeps its own number.
			{Item: "a-odd-hours", Quantity: 1, UnitPrice: 1, Hours: 720, HoursKey: "hours_per_month"},
			// Not a whole multiple of its assumption, and an unknown key.
			{Item: "a-odd-quantity", Quantity: 1.5, UnitPrice: 1, Hours: 1, QuantityKey: "nat_gb_per_month"},
			{Item: "a-unknown-key", Quantity: 1, UnitPrice: 1, Hours: 730, HoursKey: "no_such_key"},
		}},
		{CaseID: "b", Assumptions: []CostAssumption{
			{Key: "hours_per_month", Name: "Hours per month", Value: 365, Unit: "hours"},
			{Key: "fargate_spot_discount", Name: "Spot discount", Value: 0.7, Unit: "fraction"},
			{Key: "nat_gb_per_month", Name: "NAT GB", Value: 1, Unit: "GB"},
		}, Lines: []CostLine{
			{Item: "b-task", Quantity: 1, UnitPrice: 1, Hours: 365, HoursKey: "hours_per_month"},
		}},
	}
	f := open(t, write(t, in))
	rows := costRows(t, f)
	aHours := rowWith(t, rows, asName, "Hours per month (a)")
	bHours := rowWith(t, rows, asName, "Hours per month (b)")
	spot := rowWith(t, rows, asKey, "fargate_spot_discount")
	rowWith(t, rows, asName, "NAT GB") // defined by b only, still listed once
	formulaOf := func(item string, col int) string {
		fm, err := f.GetCellFormula(CostSheetName, cellName(col, rowWith(t, rows, costItem, item)))
		if err != nil {
			t.Fatal(err)
		}
		return fm
	}
	for _, c := range []struct {
		item string
		col  int
		want string
	}{
		{"a-task", costHours, absCell(asValue, aHours)},
		{"a-task", costDiscount, absCell(asValue, spot)},
		{"b-task", costHours, absCell(asValue, bHours)},
		{"a-odd-hours", costHours, ""},
		{"a-odd-quantity", costQuantity, ""}, // a does not define nat_gb_per_month
		{"a-unknown-key", costHours, ""},
	} {
		if got := formulaOf(c.item, c.col); got != c.want {
			t.Errorf("%s column %d formula %q, want %q", c.item, c.col, got, c.want)
		}
	}
	// Only the assumption shared by both case studies is named.
	for _, n := range f.GetDefinedName() {
		if n.Name == "hours_per_month" {
			t.Errorf("hours_per_month differs between case studies but is named %s", n.RefersTo)
		}
	}
	if err := f.SetCellValue(CostSheetName, cellName(asValue, aHours), 100); err != nil {
		t.Fatal(err)
	}
	aTotal := calcCost(t, f, cellName(costMonthly, rowWith(t, rows, costCase, "AWS total a")))
	bTotal := calcCost(t, f, cellName(costMonthly, rowWith(t, rows, costCase, "AWS total b")))
	if want := 100*0.3 + 720 + 1.5 + 730; !nearly(aTotal, want) {
		t.Errorf("Total a after a's hours = 100: %v, want %v", aTotal, want)
	}
	if !nearly(bTotal, 365) {
		t.Errorf("Total b moved with a's hours: %v", bTotal)
	}
}

func TestCostSheetWithoutAssumptions(t *testing.T) {
	in := fixture(t)
	in.Cost = []CostSheet{{CaseID: "a", Lines: []CostLine{{Item: "fixed", Quantity: 2, UnitPrice: 3, Hours: 4, Discount: 0.25}}}}
	f := open(t, write(t, in))
	rows := costRows(t, f)
	if rows[0][0] != "Case study" {
		t.Fatalf("A1 = %q, want the table header first when there are no assumptions", rows[0][0])
	}
	if got := calcCost(t, f, cellName(costMonthly, rowWith(t, rows, costCase, "AWS grand total"))); !nearly(got, 18) {
		t.Errorf("grand total %v, want 2 × 3 × 4 × 0.75 = 18", got)
	}
	if len(f.GetDefinedName()) > 0 {
		for _, n := range f.GetDefinedName() {
			if n.Scope == "Workbook" && n.Name != "_xlnm._FilterDatabase" {
				t.Errorf("unexpected defined name %+v", n)
			}
		}
	}
}

func TestDefinedNameOK(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"hours_per_month", true}, {"ec2_spot_discount", true}, {"_x", true}, {"a.b1", true},
		{"", false}, {"A1", false}, {"xfd1048576", false}, {"R1C1", false}, {"r", false}, {"C", false},
		{"TRUE", false}, {"1st", false}, {"has space", false}, {"dash-key", false}, {"é", false},
	} {
		if got := definedNameOK(tc.name); got != tc.ok {
			t.Errorf("definedNameOK(%q) = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

// TestCostSheetGapsFeesAndRange: an unpriced line is listed as a gap in no
// total; partner fees and third-party charges have totals of their own,
// apart from AWS; a scaling line's low and high are costed and totalled.
func TestCostSheetGapsFeesAndRange(t *testing.T) {
	in := fixture(t)
	in.Cost = []CostSheet{{CaseID: "a", Lines: []CostLine{
		{Item: "svc", Quantity: 2, QuantityLow: 1, QuantityHigh: 6, Scales: true, UnitPrice: 0.5, Hours: 10},
		{Item: "x9z.huge", Quantity: 1, Unit: "instance", Hours: 730, Unpriced: "no price for instance type x9z.huge"},
		{Item: "ops", Quantity: 1, UnitPrice: 2400, Hours: 1, Payee: "partner-fee"},
		{Item: "saas", Quantity: 1, UnitPrice: 50, Hours: 1, Payee: "third-party"},
	}}}
	f := open(t, write(t, in))
	rows := costRows(t, f)
	gap := rowWith(t, rows, costItem, "x9z.huge")
	if got := rows[gap-1]; got[costUnitPrice-1] != "not priced" || got[costMonthly-1] != "" || !strings.Contains(got[costNote-1], "not priced: no price for instance type x9z.huge") {
		t.Errorf("gap row %q", got)
	}
	for _, c := range []struct {
		label string
		col   int
		want  float64
	}{
		{"AWS total a", costMonthly, 10}, {"AWS total a", costMonthlyLow, 5}, {"AWS total a", costMonthlyHigh, 30},
		{"Partner fees a", costMonthly, 2400}, {"Third-party charges a", costMonthly, 50}, {"AWS grand total", costMonthlyHigh, 30},
	} {
		if got := calcCost(t, f, cellName(c.col, rowWith(t, rows, costCase, c.label))); !nearly(got, c.want) {
			t.Errorf("%s column %d = %v, want %v", c.label, c.col, got, c.want)
		}
	}
}
