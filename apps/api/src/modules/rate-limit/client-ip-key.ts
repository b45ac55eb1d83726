import ipaddr from 'ipaddr.js';

/**
 * Keys of recent addresses: every request asks, the same addresses come
 * again and again, and parsing one costs more than the rest of the check.
 */
const recent = new Map<string, string>();
const RECENT_MAX = 10_000;

/**
 * The one place that turns a client address into a rate-limit key. An IPv6
 * client usually owns a whole /64 (SLAAC, privacy addresses, cheap VPS
 * ranges), so counting single addresses would give it 2^64 fresh budgets:
 * IPv6 is counted per /64, IPv4 (and IPv4-mapped IPv6) per address.
 */
export function clientIpKey(ip: string): string {
  let key = recent.get(ip);
  if (key === undefined) {
    key = keyOf(ip);
    // An address is at most 45 characters; anything longer is not worth keeping.
    if (ip.length > 45) return key;
    if (recent.size >= RECENT_MAX) recent.clear();
    recent.set(ip, key);
  }
  return key;
}

function keyOf(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip); // ::ffff:a.b.c.d becomes a.b.c.d
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
