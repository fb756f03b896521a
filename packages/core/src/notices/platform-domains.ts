/** The registered domain that covers `host` (itself or a parent), or undefined. */
export function findPlatformDomain(host: string, domains: Iterable<string>): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  let best: string | undefined;
  for (const domain of domains) {
    const d = domain.toLowerCase();
    if ((h === d || h.endsWith(`.${d}`)) && (best === undefined || d.length > best.length))
      best = d;
  }
  return best;
}
