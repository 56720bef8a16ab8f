package diagram

import (
	"fmt"
	"strings"
)

// AWS architecture-diagram group and category colours (our own drawing after
// the public conventions: group borders, subnet fills, service category hues).
const (
	colCloud       = "#232F3E"
	colAccount     = "#E7157B"
	colRegion      = "#00A4A6"
	colVPC         = "#8C4FFF"
	colAZ          = "#147EBA"
	colPublicLine  = "#7AA116"
	colPublicFill  = "#F2F6E8"
	colPrivateLine = "#00A4A6"
	colPrivateFill = "#E6F6F7"
	colECS         = "#ED7100"
	colECSFill     = "#FFF7EE"
	colNetwork     = "#8C4FFF"
	colStorage     = "#7AA116"
	colManagement  = "#E7157B"
	colSecurity    = "#DD344C"
	colIntegration = "#C925D1"
	colOnPrem      = "#7D8998"
	colText        = "#232F3E"
	colMuted       = "#545B64"
	colEdge        = "#545B64"
)

const fontName = "Helvetica"

// card is a resource node: a coloured icon tile with a short service mark
// beside a bold title and detail lines.
type card struct {
	icon  string // e.g. "ECS", "ALB"; ecspack vocabulary, labelled by the caller
	color string
	title text
	lines []text
}

func (c card) html(l lab) string {
	var b strings.Builder
	rows := 1 + len(c.lines)
	b.WriteString(`<table border="0" cellborder="0" cellspacing="0" cellpadding="2">`)
	fmt.Fprintf(&b, `<tr><td rowspan="%d" bgcolor="%s" width="30" height="30" valign="middle"><font color="#FFFFFF" point-size="8"><b>%s</b></font></td>`, rows, c.color, l.t(c.icon))
	fmt.Fprintf(&b, `<td rowspan="%d" width="4"></td>`, rows)
	fmt.Fprintf(&b, `<td align="left" balign="left"><font point-size="10" color="%s"><b>%s</b></font></td></tr>`, colText, c.title)
	for _, line := range c.lines {
		fmt.Fprintf(&b, `<tr><td align="left" balign="left"><font point-size="8" color="%s">%s</font></td></tr>`, colMuted, line)
	}
	b.WriteString(`</table>`)
	return b.String()
}

// nodeAttrs are the attributes of a card node.
func cardAttrs(l lab, c card, border string, dashed bool) []attr {
	style := "rounded,filled"
	if dashed {
		style += ",dashed"
	}
	return []attr{
		{k: "label", v: c.html(l), html: true},
		{k: "color", v: border},
		{k: "style", v: style},
		{k: "fillcolor", v: "#FFFFFF"},
	}
}

// group is a cluster box's look.
type group struct {
	line, fill, fontColor string
	dashed                bool
	penwidth              string
}

func groupAttrs(g group, label text) []attr {
	style := "rounded"
	if g.fill != "" {
		style += ",filled"
	}
	if g.dashed {
		style += ",dashed"
	}
	a := []attr{
		{k: "label", v: fmt.Sprintf(`<font point-size="10" color="%s">%s</font>`, g.fontColor, label), html: true},
		{k: "labeljust", v: "l"},
		{k: "style", v: style},
		{k: "color", v: g.line},
		{k: "margin", v: "10"},
	}
	if g.fill != "" {
		a = append(a, attr{k: "fillcolor", v: g.fill})
	}
	if g.penwidth != "" {
		a = append(a, attr{k: "penwidth", v: g.penwidth})
	}
	return a
}

var (
	grpCloud   = group{line: colCloud, fontColor: colCloud, penwidth: "2"}
	grpAccount = group{line: colAccount, fontColor: colAccount, penwidth: "1.5"}
	grpRegion  = group{line: colRegion, fontColor: colRegion, dashed: true, penwidth: "1.5"}
	grpVPC     = group{line: colVPC, fontColor: colVPC, penwidth: "1.5"}
	grpAZ      = group{line: colAZ, fontColor: colAZ, dashed: true}
	grpPublic  = group{line: colPublicLine, fill: colPublicFill, fontColor: "#3F6B0A"}
	grpPrivate = group{line: colPrivateLine, fill: colPrivateFill, fontColor: "#00686A"}
	grpECS     = group{line: colECS, fill: colECSFill, fontColor: "#B35400"}
	grpOnPrem  = group{line: colOnPrem, fontColor: colMuted, penwidth: "1.5"}
	grpPlain   = group{line: "#D5DBDB", fontColor: colMuted, dashed: true}
)
