package main

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// writeScreenshots draws small dashboard-style images used as answer
// attachments. They stand in for the console screenshots a partner would
// attach; they are drawn rather than captured so the sample stays fictional.
func writeScreenshots(out string) error {
	shots := []struct {
		path   string
		title  string
		series []series
	}{
		{"case-studies/northwind-freight/attachments/cloudwatch-dashboard-shipment-api.png",
			"nwf-prod-core / shipment-api - last 7 days (CloudWatch dashboard nwf-prod-tracking)",
			[]series{
				{"CPU % (target 60)", color.RGBA{0x1f, 0x77, 0xb4, 0xff}, wave(42, 16, 0)},
				{"running tasks x10", color.RGBA{0x2c, 0xa0, 0x2c, 0xff}, steps()},
				{"p95 latency ms /10", color.RGBA{0xd6, 0x27, 0x28, 0xff}, wave(24, 6, 1.3)},
			}},
		{"case-studies/contoso-health/attachments/guardduty-runtime-coverage.png",
			"GuardDuty Runtime Monitoring - ECS task coverage, us-east-1, last 7 days",
			[]series{
				{"covered tasks %", color.RGBA{0x2c, 0xa0, 0x2c, 0xff}, flat(100)},
				{"runtime findings (x10)", color.RGBA{0xd6, 0x27, 0x28, 0xff}, spikes()},
			}},
	}
	for _, s := range shots {
		b, err := drawChart(s.title, s.series)
		if err != nil {
			return err
		}
		p := filepath.Join(out, s.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

type series struct {
	label string
	col   color.RGBA
	ys    []float64 // 0..100, one per x step
}

const points = 168 // hours in a week

func wave(mid, amp, phase float64) []float64 {
	ys := make([]float64, points)
	for i := range ys {
		ys[i] = mid + amp*math.Sin(float64(i)/24*2*math.Pi+phase) + 3*math.Sin(float64(i)*0.9)
	}
	return ys
}

func steps() []float64 {
	ys := make([]float64, points)
	for i := range ys {
		h := i % 24
		switch {
		case h >= 7 && h < 18:
			ys[i] = 60
		case h >= 18 && h < 21:
			ys[i] = 40
		default:
			ys[i] = 30
		}
	}
	return ys
}

func flat(v float64) []float64 {
	ys := make([]float64, points)
	for i := range ys {
		ys[i] = v - 0.5
	}
	return ys
}

func spikes() []float64 {
	ys := make([]float64, points)
	ys[61], ys[62] = 10, 10
	return ys
}

func drawChart(title string, ss []series) ([]byte, error) {
	const w, h = 640, 280
	const left, right, top, bottom = 40, 620, 36, 230
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{
		color.White, color.RGBA{0x23, 0x2f, 0x3e, 0xff}, color.RGBA{0xdd, 0xdd, 0xdd, 0xff},
		ss[0].col, color.RGBA{0x2c, 0xa0, 0x2c, 0xff}, color.RGBA{0xd6, 0x27, 0x28, 0xff}, color.RGBA{0x1f, 0x77, 0xb4, 0xff},
	})
	dark := color.RGBA{0x23, 0x2f, 0x3e, 0xff}
	grid := color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	for x := 0; x < w; x++ {
		for y := 0; y < 24; y++ {
			img.Set(x, y, dark)
		}
	}
	text(img, 8, 16, title, color.White)
	for g := 0; g <= 4; g++ {
		y := bottom - g*(bottom-top)/4
		for x := left; x <= right; x++ {
			img.Set(x, y, grid)
		}
		text(img, 8, y+4, []string{"0", "25", "50", "75", "100"}[g], dark)
	}
	for d := 0; d <= 7; d++ {
		x := left + d*(right-left)/7
		for y := top; y <= bottom; y++ {
			img.Set(x, y, grid)
		}
	}
	for _, s := range ss {
		px, py := -1, -1
		for i, v := range s.ys {
			x := left + i*(right-left)/(len(s.ys)-1)
			y := bottom - int(v*float64(bottom-top)/100)
			if px >= 0 {
				line(img, px, py, x, y, s.col)
			}
			px, py = x, y
		}
	}
	lx := left
	for _, s := range ss {
		for x := lx; x < lx+14; x++ {
			for y := 252; y < 258; y++ {
				img.Set(x, y, s.col)
			}
		}
		text(img, lx+18, 259, s.label, dark)
		lx += 28 + 7*len(s.label)
	}
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func text(img *image.Paletted, x, y int, s string, c color.Color) {
	d := &font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func line(img *image.Paletted, x0, y0, x1, y1 int, c color.Color) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		img.Set(x0, y0, c)
		img.Set(x0, y0+1, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}
