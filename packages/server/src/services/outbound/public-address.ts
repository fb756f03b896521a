import ipaddr from 'ipaddr.js';

/**
 * Ranges refused on top of what ipaddr.js classes as special: kept explicit so a reader sees the
 * documentation, benchmarking and protocol-assignment blocks named, whatever the library's version.
 */
const EXTRA_REFUSED_V4: ReadonlyArray<[string, number]> = [
  ['0.0.0.0', 8],
  ['100.64.0.0', 10],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['240.0.0.0', 4],
];

/**
 * True only for an address on the public internet: a unicast IPv4 address outside every private,
 * loopback, link-local, shared, multicast, broadcast, documentation, benchmarking and reserved
 * block, or an IPv6 address inside global unicast (2000::/3) that is neither documentation,
 * benchmarking, 6to4, Teredo nor otherwise special. Anything that embeds an IPv4 address
 * (`::ffff:…`, `::a.b.c.d`, `64:ff9b::/96`) is refused rather than unwrapped: a public service is
 * reachable by its own address. Every spelling parses to the same bytes, so `[::]`, `[0::]` and
 * `0x7f.1` are judged by what they are, not how they are written.
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  } catch {
    return false;
  }
  if (parsed.kind() === 'ipv4') {
    const v4 = parsed as ipaddr.IPv4;
    if (v4.range() !== 'unicast') return false;
    return !EXTRA_REFUSED_V4.some(([net, bits]) => v4.match(ipaddr.IPv4.parse(net), bits));
  }
  const v6 = parsed as ipaddr.IPv6;
  if (!v6.match(ipaddr.IPv6.parse('2000::'), 3)) return false;
  return v6.range() === 'unicast';
}
