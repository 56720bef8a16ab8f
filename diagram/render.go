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
	// JSON is Graphviz's json output: the layout with its drawing operations.
	JSON []byte
}

// RenderDOT lays out a DOT source with the dot engine and returns the SVG
// and the drawing operations, from one layout. Calls are serialised.
func RenderDOT(ctx context.Context, dot []byte) (Layout, error) {
	engine.mu.Lock()
	defer engine.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return Layout{}, err
	}
	if engine.ctx == nil {
		c, err := gvc.New(ctx)
		if err != nil {
			return Layout{}, fmt.Errorf("diagram: starting graphviz: %w", err)
		}
		engine.ctx = c
	}
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return Layout{}, fmt.Errorf("diagram: graphviz cannot parse the DOT source: %w", err)
	}
	defer g.Close()
	if err := engine.ctx.Layout(ctx, g, string(graphviz.DOT)); err != nil {
		return Layout{}, fmt.Errorf("diagram: graphviz layout: %w", err)
	}
	defer engine.ctx.FreeLayout(ctx, g)
	var svg, js bytes.Buffer
	if err := engine.ctx.RenderData(ctx, g, "svg", &svg); err != nil {
		return Layout{}, fmt.Errorf("diagram: graphviz svg output: %w", err)
	}
	if err := engine.ctx.RenderData(ctx, g, "json", &js); err != nil {
		return Layout{}, fmt.Errorf("diagram: graphviz json output: %w", err)
	}
	return Layout{SVG: selfContained(svg.Bytes()), JSON: js.Bytes()}, nil
}

var doctype = regexp.MustCompile(`(?s)<!DOCTYPE[^>]*>\n?`)

// selfContained drops the DOCTYPE, the SVG's only reference to an external
// file (the W3C DTD), so the file opens anywhere without network access.
// Graphviz writes no other references: ecspack uses no images or URLs.
func selfContained(svg []byte) []byte {
	return doctype.ReplaceAll(svg, nil)
}
