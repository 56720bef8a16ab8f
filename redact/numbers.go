package redact

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strings"
)

var (
	digitsRE = regexp.MustCompile(`[0-9]+`)
	ipv4RE   = regexp.MustCompile(`[0-9]{1,3}(?:\.[0-9]{1,3}){3}(?:/[0-9]{1,2})?`)
	ipv6RE   = regexp.MustCompile(`(?i)[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:/[0-9]{1,3})?`)
)

// Private IPv4 blocks: addresses in them stay in them, so "private" keeps its
// meaning for every check and diagram.
var privateV4 = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

// Pools for public IPv4 pseudonyms: the documentation ranges (RFC 5737) for
// addresses and small networks, then the benchmarking range (RFC 2544) and
// the reserved class E block for wider networks or when the first pool is full.
var (
	docV4 = []netip.Prefix{
		netip.MustParsePrefix("192.0.2.0/24"),
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
	}
	benchV4    = netip.MustParsePrefix("198.18.0.0/15")
	reservedV4 = netip.MustParsePrefix("240.0.0.0/4")
	docV6      = netip.MustParsePrefix("2001:db8::/32")
	docV6Wide  = netip.MustParsePrefix("3fff::/20") // RFC 9637, for networks wider than a /32
	ulaV6      = netip.MustParsePrefix("fc00::/7")
)

// span is one replacement inside a string.
type span struct {
	i, j int
	rep  string
}

// replaceNumbers replaces account ids and IP addresses. With full false only
// values already in the mapping are replaced.
func (r *Redactor) replaceNumbers(s string, full bool) string {
	var spans []span
	for _, loc := range ipv4RE.FindAllStringIndex(s, -1) {
		i, j := loc[0], loc[1]
		if p := lastRune(s[:i]); wordChar(p) || p == '.' {
			continue
		}
		if n := firstRune(s[j:]); wordChar(n) || (n == '.' && j+1 < len(s) && isDigit(s[j+1])) {
			continue
		}
		if rep, ok := r.ip(s[i:j], full); ok {
			spans = append(spans, span{i, j, rep})
		}
	}
	if strings.Contains(s, ":") {
		for _, loc := range ipv6RE.FindAllStringIndex(s, -1) {
			i, j := loc[0], loc[1]
			if p := lastRune(s[:i]); wordChar(p) || p == ':' || p == '.' {
				continue
			}
			if n := firstRune(s[j:]); wordChar(n) || n == ':' || n == '.' {
				continue
			}
			if overlaps(spans, i, j) {
				continue
			}
			if rep, ok := r.ip(s[i:j], full); ok {
				spans = append(spans, span{i, j, rep})
			}
		}
	}
	for _, loc := range digitsRE.FindAllStringIndex(s, -1) {
		i, j := loc[0], loc[1]
		if j-i != 12 || wordChar(lastRune(s[:i])) || wordChar(firstRune(s[j:])) || overlaps(spans, i, j) {
			continue
		}
		id := s[i:j]
		if !full {
			if _, known := r.forward[KindAccount+"\x00"+id]; !known {
				continue
			}
		}
		spans = append(spans, span{i, j, r.account(id)})
	}
	if len(spans) == 0 {
		return s
	}
	slices.SortFunc(spans, func(a, b span) int { return a.i - b.i })
	var b strings.Builder
	last := 0
	for _, sp := range spans {
		b.WriteString(s[last:sp.i])
		b.WriteString(sp.rep)
		last = sp.j
	}
	b.WriteString(s[last:])
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func overlaps(spans []span, i, j int) bool {
	for _, sp := range spans {
		if i < sp.j && sp.i < j {
			return true
		}
	}
	return false
}

// ip returns the pseudonym of an address or CIDR, and false when tok is not
// one or is kept as it is.
func (r *Redactor) ip(tok string, full bool) (string, bool) {
	var addr netip.Addr
	bits := -1
	if strings.Contains(tok, "/") {
		p, err := netip.ParsePrefix(tok)
		if err != nil {
			return "", false
		}
		addr, bits = p.Addr(), p.Bits()
	} else {
		a, err := netip.ParseAddr(tok)
		if err != nil {
			return "", false
		}
		addr = a
	}
	if addr.Zone() != "" || keepAddr(addr, bits) {
		return "", false
	}
	canon := addr.String()
	if bits >= 0 {
		canon = fmt.Sprintf("%s/%d", canon, bits)
	}
	if !full {
		p, known := r.forward[KindIP+"\x00"+canon]
		return p, known && p != canon
	}
	r.originals[canon] = true
	// Private addresses are permuted within their block, which is one-to-one
	// already; avoiding other originals there would break prefix preservation.
	private := ulaV6.Contains(addr) || slices.ContainsFunc(privateV4, func(b netip.Prefix) bool { return b.Contains(addr) })
	p := r.pseudonym(KindIP, canon, !private, func(attempt int) string { return r.mapIP(addr, bits, attempt) })
	return p, p != canon
}

// keepAddr reports addresses that identify nobody: the unspecified address
// and the default routes, loopback, link-local (the instance and task
// metadata endpoints), multicast, broadcast and very wide networks.
func keepAddr(a netip.Addr, bits int) bool {
	if a.IsUnspecified() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() || a.IsMulticast() {
		return true
	}
	if a.Is4() && a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return true
	}
	if a.Is4In6() {
		return true
	}
	if bits >= 0 && ((a.Is4() && bits < 4) || (a.Is6() && bits < 20)) {
		return true
	}
	return false
}

// mapIP makes the pseudonym of an address (bits < 0) or network.
func (r *Redactor) mapIP(a netip.Addr, bits, attempt int) string {
	hostZero := bits >= 0 && netip.PrefixFrom(a, bits).Masked().Addr() == a
	suffix := ""
	if bits >= 0 {
		suffix = fmt.Sprintf("/%d", bits)
	}
	var out netip.Addr
	if a.Is4() {
		out = r.mapV4(a, bits, hostZero, attempt)
	} else {
		out = r.mapV6(a, bits, attempt)
	}
	if hostZero {
		out = netip.PrefixFrom(out, bits).Masked().Addr()
	}
	return out.String() + suffix
}

func (r *Redactor) mapV4(a netip.Addr, bits int, hostZero bool, attempt int) netip.Addr {
	for _, blk := range privateV4 {
		if blk.Contains(a) {
			in := a.As4()
			out := r.prefixPreserving("v4", in[:], blk.Bits(), nil, attempt)
			return netip.AddrFrom4([4]byte(out))
		}
	}
	// Public: the network part picks an aligned block in a pool.
	n := 32
	if hostZero {
		n = bits
	}
	switch {
	case n >= 24 && attempt < 32:
		return r.poolSlot(docV4, n, a, bits, attempt)
	case n >= 15 && attempt < 64:
		return r.poolSlot([]netip.Prefix{benchV4}, n, a, bits, attempt)
	default:
		return r.poolSlot([]netip.Prefix{reservedV4}, max(n, 4), a, bits, attempt)
	}
}

// poolSlot picks one of the aligned /n blocks of the pools by keyed hash.
func (r *Redactor) poolSlot(pools []netip.Prefix, n int, a netip.Addr, bits, attempt int) netip.Addr {
	per := uint64(1) << uint(n-pools[0].Bits())
	h := r.hash("ip-slot", a.String(), fmt.Sprint(bits), fmt.Sprint(attempt))
	slot := binary.BigEndian.Uint64(h[:8]) % (per * uint64(len(pools)))
	pool := pools[slot/per]
	base := binary.BigEndian.Uint32(pool.Addr().AsSlice())
	v := base + uint32(slot%per)<<uint(32-n)
	if n == 32 && bits < 0 {
		// Avoid the network and broadcast addresses of a /24 pool.
		if low := v & 0xff; low == 0 || low == 255 {
			v ^= 1
		}
	}
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], v)
	return netip.AddrFrom4(b)
}

func (r *Redactor) mapV6(a netip.Addr, bits, attempt int) netip.Addr {
	in := a.As16()
	if ulaV6.Contains(a) {
		return netip.AddrFrom16([16]byte(r.prefixPreserving("v6", in[:], 8, nil, attempt)))
	}
	if bits >= 0 && bits < docV6.Bits() {
		wide := docV6Wide.Addr().As16()
		return netip.AddrFrom16([16]byte(r.prefixPreserving("v6", in[:], docV6Wide.Bits(), wide[:3], attempt)))
	}
	target := docV6.Addr().As16()
	return netip.AddrFrom16([16]byte(r.prefixPreserving("v6", in[:], 32, target[:4], attempt)))
}

// prefixPreserving is a keyed prefix-preserving permutation (in the manner of
// Crypto-PAn): bit i of the result is bit i of in flipped by a keyed function
// of in's first i bits, so two addresses that share a k-bit prefix share a
// k-bit prefix afterwards — a subnet stays inside its VPC. The first fixed
// bits are kept, or replaced by target when it is given.
func (r *Redactor) prefixPreserving(family string, in []byte, fixed int, target []byte, attempt int) []byte {
	out := slices.Clone(in)
	if target != nil {
		copy(out, target)
	}
	prefix := make([]byte, len(in))
	for i := 0; i < len(in)*8; i++ {
		byteI, bit := i/8, byte(0x80>>(i%8))
		if i >= fixed {
			v := in[byteI] & bit
			h := r.hash("pp", family, string(prefix), fmt.Sprint(i), fmt.Sprint(attempt))
			if h[0]&1 == 1 {
				v ^= bit
			}
			out[byteI] = out[byteI]&^bit | v
		}
		prefix[byteI] |= in[byteI] & bit
	}
	return out
}
