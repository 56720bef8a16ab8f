package sopfill

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"
	"text/template/parse"
	"time"

	"github.com/ecspack/ecspack/internal/safefile"
)

// Bounds on one execution of a partner's override template. text/template
// has no loops of its own making, but a template can still do unbounded
// work: "{{range 1000000000}}" (ranging over an integer), nested ranges
// over every service, a {{define}} that calls itself twice per level, or
// printf with a huge width in a row. The embedded templates are ours and
// scale with the inventory, whose size has its own limits; an override is
// the partner's code and gets these bounds. The step and output bounds are
// deterministic (the same template and data always fail at the same
// place); the time bound is only a last guard against a hang.
const (
	// MaxTemplateOutput bounds the Markdown one override may write: far
	// more than any procedure needs (the longest embedded SOP of a
	// 1,000-service estate is well under 1 MiB).
	MaxTemplateOutput = 8 << 20
	// MaxTemplateSteps bounds the loop iterations ({{range}}) and template
	// calls ({{template}}, {{block}}) of one override execution.
	MaxTemplateSteps = 500_000
	// MaxTemplateTime bounds one override's execution in wall-clock time.
	MaxTemplateTime = 20 * time.Second
)

// Names of the functions instrument calls; a template calling them itself
// gains nothing.
const (
	stepFunc = "ecspackStep"
	atFunc   = "ecspackAt"
)

// boundsCallRE is text/template's "at <ecspackStep 3>: error calling
// ecspackStep: " in an error: the partner's template did not call it.
var boundsCallRE = regexp.MustCompile(`at <ecspack(?:Step|At)[^>]*>: error calling ecspack(?:Step|At): `)

// errBudget marks an override stopped by its bounds.
var errBudget = errors.New("template exceeded its bounds")

// budget meters one execution: it is the writer the template writes to and
// the state of the functions instrument inserts.
type budget struct {
	ctx      context.Context
	name     string
	buf      []byte
	maxOut   int
	steps    int
	maxSteps int
	line     int
}

func (b *budget) Write(p []byte) (int, error) {
	if err := b.ctx.Err(); err != nil {
		return 0, fmt.Errorf("template: %s:%d: %w", b.name, b.line, b.stopped(err))
	}
	if len(b.buf)+len(p) > b.maxOut {
		return 0, fmt.Errorf("template: %s:%d: %w: its output passed %s (the limit for one SOP): a procedure is expected to be far shorter; look for a loop or a {{template}} that repeats without end",
			b.name, b.line, errBudget, safefile.Size(int64(b.maxOut)))
	}
	b.buf = append(b.buf, p...)
	return len(p), nil
}

// step counts one loop iteration or template call at line.
func (b *budget) step(line int) (string, error) {
	b.line = line
	b.steps++
	if b.steps > b.maxSteps {
		return "", fmt.Errorf("%w: more than %d loop iterations and template calls: a procedure is expected to need far fewer; look for a {{range}} over a large number or nested ranges, or a {{template}} that calls itself", errBudget, b.maxSteps)
	}
	if err := b.ctx.Err(); err != nil {
		return "", b.stopped(err)
	}
	return "", nil
}

// at records the line of the action about to run, for output errors.
func (b *budget) at(line int) string {
	b.line = line
	return ""
}

func (b *budget) stopped(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w: still running after %s (the limit for one SOP)", errBudget, MaxTemplateTime)
	}
	return fmt.Errorf("stopped: %w", err)
}

// runBounded executes t on d within the bounds above.
func runBounded(ctx context.Context, t *template.Template, name, src string, d Data) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, MaxTemplateTime)
	defer cancel()
	b := &budget{ctx: ctx, name: name, maxOut: MaxTemplateOutput, maxSteps: MaxTemplateSteps, line: 1}
	t.Funcs(template.FuncMap{stepFunc: b.step, atFunc: b.at})
	instrument(t, src)
	if err := t.Execute(b, d); err != nil {
		return nil, err
	}
	return b.buf, nil
}

// instrument inserts a call of stepFunc at the start of every {{range}}
// body and before every {{template}} call, and of atFunc before every other
// action, each with the line of the node it guards, so that a bound stops
// the template where it is and the error names that line.
func instrument(t *template.Template, src string) {
	for _, tt := range t.Templates() {
		if tt.Tree != nil {
			instrumentList(tt.Tree.Root, src)
		}
	}
}

func instrumentList(l *parse.ListNode, src string) {
	if l == nil {
		return
	}
	nodes := make([]parse.Node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.RangeNode:
			instrumentList(n.List, src)
			instrumentList(n.ElseList, src)
			if n.List == nil {
				n.List = &parse.ListNode{NodeType: parse.NodeList, Pos: n.Pos}
			}
			n.List.Nodes = append([]parse.Node{call(stepFunc, n.Pos, src)}, n.List.Nodes...)
		case *parse.IfNode:
			instrumentList(n.List, src)
			instrumentList(n.ElseList, src)
		case *parse.WithNode:
			instrumentList(n.List, src)
			instrumentList(n.ElseList, src)
		case *parse.TemplateNode:
			nodes = append(nodes, call(stepFunc, n.Pos, src))
		case *parse.ActionNode:
			nodes = append(nodes, call(atFunc, n.Pos, src))
		}
		nodes = append(nodes, n)
	}
	l.Nodes = nodes
}

// call is the action {{fn LINE}} at pos, LINE being pos's line in src.
func call(fn string, pos parse.Pos, src string) *parse.ActionNode {
	line := 1
	if int(pos) <= len(src) {
		line += strings.Count(src[:pos], "\n")
	}
	num := &parse.NumberNode{NodeType: parse.NodeNumber, Pos: pos, IsInt: true, Int64: int64(line), Text: fmt.Sprint(line)}
	cmd := &parse.CommandNode{NodeType: parse.NodeCommand, Pos: pos, Args: []parse.Node{parse.NewIdentifier(fn).SetPos(pos), num}}
	pipe := &parse.PipeNode{NodeType: parse.NodePipe, Pos: pos, Line: line, Cmds: []*parse.CommandNode{cmd}}
	return &parse.ActionNode{NodeType: parse.NodeAction, Pos: pos, Line: line, Pipe: pipe}
}
