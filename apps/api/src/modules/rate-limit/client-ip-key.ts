import ipaddr from 'ipaddr.js';

/**
 * The one place that turns a client address into a rate-limit key. An IPv6
 * client usually owns a whole /64 (SLAAC, privacy addresses, cheap VPS
 * ranges), so counting single addresses would give it 2^64 fresh budgets:
 * IPv6 is counted per /64, IPv4 (and IPv4-mapped IPv6) per address.
 */
export function clientIpKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip); // ::ffff:a.b.c.d becomes a.b.c.d
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
