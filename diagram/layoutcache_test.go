package diagram

import (
	"bytes"
	"testing"
)

// TestLayoutCacheKeepsOneRound: a round's pages are found by their DOT text
// in the next round, pages of older rounds are not, and a nil cache (a
// build outside a fit) finds nothing.
func TestLayoutCacheKeepsOneRound(t *testing.T) {
	var none *layoutCache
	if _, ok := none.get([]byte("digraph{}")); ok {
		t.Error("a nil cache found a layout")
	}
	none.keep([]Diagram{{DOT: []byte("digraph{}")}}) // must not panic

	c := &layoutCache{}
	c.keep([]Diagram{{DOT: []byte("digraph{a}"), SVG: []byte("<svg>a</svg>")}, {DOT: []byte("digraph{b}"), SVG: []byte("<svg>b</svg>")}})
	for _, tc := range []struct {
		dot, svg string
		ok       bool
	}{
		{"digraph{a}", "<svg>a</svg>", true},
		{"digraph{b}", "<svg>b</svg>", true},
		{"digraph{c}", "", false},
	} {
		l, ok := c.get([]byte(tc.dot))
		if ok != tc.ok || !bytes.Equal(l.SVG, []byte(tc.svg)) {
			t.Errorf("get(%q) = %q, %v; want %q, %v", tc.dot, l.SVG, ok, tc.svg, tc.ok)
		}
	}
	c.keep([]Diagram{{DOT: []byte("digraph{c}"), SVG: []byte("<svg>c</svg>")}})
	if _, ok := c.get([]byte("digraph{a}")); ok {
		t.Error("a page of the round before last is still kept")
	}
	if l, ok := c.get([]byte("digraph{c}")); !ok || string(l.SVG) != "<svg>c</svg>" {
		t.Errorf("the last round's page: %q, %v", l.SVG, ok)
	}
}
