package pdf

// PageOf returns the page on which the heading with the given anchor id
// landed in the previous layout pass of Render, and false when it is not
// known (the first pass, outside Render, or no such heading). Documents
// print it as "p. N" next to a link, so a reader of a printed copy finds
// the place too. Every call is recorded: Render makes another pass when a
// page it answered turns out to differ from where the heading lands in
// this pass, so every page number printed is the heading's real page.
func (d *Document) PageOf(anchor string) (int, bool) {
	page := 0
	for _, e := range d.sh.tocEntries {
		if e.Anchor == anchor {
			page = e.Page
			break
		}
	}
	if d.pageRefs == nil {
		d.pageRefs = map[string]int{}
	}
	d.pageRefs[anchor] = page
	return page, page > 0
}

// pageRefsSettled reports whether every page PageOf answered in this pass
// is where the anchor's heading is in this pass (0 for a heading that does
// not exist, which PageOf answers the same way).
func (d *Document) pageRefsSettled() bool {
	if len(d.pageRefs) == 0 {
		return true
	}
	actual := map[string]int{}
	for _, e := range d.entries {
		if _, seen := actual[e.Anchor]; !seen {
			actual[e.Anchor] = e.Page
		}
	}
	for a, p := range d.pageRefs {
		if actual[a] != p {
			return false
		}
	}
	return true
}
