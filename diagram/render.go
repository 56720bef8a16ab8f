package diagram

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"sync"

	"github.com/goccy/go-graphviz"
	"github.com/goccy/go-graphviz/gvc"
)

// engine is the process's one Graphviz instance. go-graphviz runs Graphviz
// as a single global WebAssembly module with no locking of its own, so every
// use goes through this mutex; it is the package's only mutable global and
// exists because the module it guards is global too. The module is compiled
// when the program starts, with wazero's compilation cache in
// $TMPDIR/go-graphviz (an unwritable TMPDIR only makes start-up slower).
var engine struct {
	mu  sync.Mutex
	ctx *gvc.Context
}

// Layout holds what one Graphviz run produced for a DOT source.
type Layout struct {
	// SVG is the self-contained SVG document.
	SVG []byte
}

// RenderDOT lays out a DOT source with the dot engine and returns the SVG.
// Calls are serialised. The drawing operations are read back from the SVG
// (drawop.ParseSVG) rather than asked of Graphviz a second time: its json
// renderer costs more than the layout.
func RenderDOT(ctx context.Context, dot []byte) (Layout, error) {
	out, err := renderFormats(ctx, dot, "svg")
	if err != nil {
		return Layout{}, err
	}
	return Layout{SVG: selfContained(out[0])}, nil
}

// renderFormats lays out dot once and renders it in each format.
func renderFormats(ctx context.Context, dot []byte, formats ...string) ([][]byte, error) {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if engine.ctx == nil {
		c, err := gvc.New(ctx)
		if err != nil {
			return nil, fmt.Errorf("diagram: starting graphviz: %w", err)
		}
		engine.ctx = c
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return nil, fmt.Errorf("diagram: graphviz cannot parse the DOT source: %w", err)
	}
	defer g.Close()
	if err := engine.ctx.Layout(ctx, g, string(graphviz.DOT)); err != nil {
		return nil, fmt.Errorf("diagram: graphviz layout: %w", err)
	}
	defer engine.ctx.FreeLayout(ctx, g)
	out := make([][]byte, len(formats))
	for i, f := range formats {
		var buf bytes.Buffer
		if err := engine.ctx.RenderData(ctx, g, f, &buf); err != nil {
			return nil, fmt.Errorf("diagram: graphviz %s output: %w", f, err)
		}
		out[i] = buf.Bytes()
	}
	return out, nil
}

var doctype = regexp.MustCompile(`(?s)<!DOCTYPE[^>]*>\n?`)

// selfContained drops the DOCTYPE, the SVG's only reference to an external
// file (the W3C DTD), so the file opens anywhere without network access.
// Graphviz writes no other references: ecspack uses no images or URLs.
func selfContained(svg []byte) []byte {
	return doctype.ReplaceAll(svg, nil)
}
