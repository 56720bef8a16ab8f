package redact

// commonWords are words of company names that identify nobody: legal forms,
// connectives and generic industry words. Replacing them everywhere would
// mangle prose ("health check", "freight forwarding") without hiding anyone;
// the distinctive words ("Northwind", "Contoso") are what give a customer away.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{
		// legal forms and connectives
		"inc", "incorporated", "ltd", "limited", "llc", "llp", "plc", "gmbh", "mbh", "kgaa", "sarl", "sas", "spa", "srl",
		"pty", "pte", "corp", "corporation", "company", "companies", "group", "holding", "holdings", "the", "and", "for",
		"und", "des", "der", "die", "das", "les", "del", "von", "van", "with", "trust", "association",
		// generic business and industry words
		"international", "global", "national", "regional", "services", "service", "solutions", "systems", "technologies",
		"technology", "tech", "digital", "cloud", "software", "data", "health", "healthcare", "medical", "bank", "banking",
		"financial", "finance", "capital", "insurance", "energy", "power", "food", "foods", "retail", "stores", "store",
		"shop", "logistics", "freight", "transport", "shipping", "airlines", "airways", "motors", "media", "games",
		"gaming", "labs", "partners", "consulting", "network", "networks", "communications", "telecom", "industries",
		"enterprises", "ventures", "trading", "traders", "pharma", "pharmaceuticals", "university", "school", "hospital",
		"clinic", "clinics", "care", "home", "homes", "travel", "hotels", "water", "mobility", "platform", "online",
		"web", "net", "market", "markets", "first", "new", "united", "american", "european", "north", "south", "east",
		"west", "city", "general", "public", "mutual", "management", "manufacturing", "automotive", "insights",
		"analytics", "studio", "studios", "works", "foundation", "institute", "agency", "office", "products",
		// the names ecspack itself gives an estate without a casefile
		"inventory", "only", "not", "specified", "estate", "customer",
	} {
		m[w] = true
	}
	return m
}()
