/**
 * Which addresses a connection the server makes for someone else (a webhook) may reach: only
 * globally reachable ones. Everything else is this machine or a network behind it: loopback, the
 * private and shared (CGNAT) ranges, link-local (cloud metadata at 169.254.169.254), and the
 * special-purpose blocks of the IANA registries that are not globally reachable (documentation,
 * benchmarking, multicast, reserved; a test network here may well be a real one).
 *
 * IPv6 is an allow-list, not a deny-list: only global unicast (2000::/3) passes, minus its
 * special-purpose blocks; so IPv4-mapped (::ffff:0:0/96), NAT64 (64:ff9b::/96), unique-local
 * (fc00::/7), link-local, site-local (fec0::/10), multicast and any range assigned later are
 * refused without being named. 6to4 (2002::/16) and Teredo (2001::/32) embed an IPv4 address a
 * relay would forward to: refused as well.
 */
import { BlockList, isIP } from 'node:net';

/** IPv4 blocks that are not globally reachable (IANA IPv4 Special-Purpose Address Registry). */
const IPV4_INTERNAL = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches this machine on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local: cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255
] as const;

/** Global unicast IPv6, and the blocks inside it that are not globally reachable. */
const IPV6_GLOBAL = ['2000::', 3] as const;
const IPV6_INTERNAL = [
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['3fff::', 20], // documentation (RFC 9637)
] as const;

const internal = new BlockList();
for (const [network, prefix] of IPV4_INTERNAL) internal.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_INTERNAL) internal.addSubnet(network, prefix, 'ipv6');
const global6 = new BlockList();
global6.addSubnet(IPV6_GLOBAL[0], IPV6_GLOBAL[1], 'ipv6');

// One list per family: a BlockList matches an IPv4-mapped IPv6 address against its IPv4 rules,
// and ::ffff:127.0.0.1 is no loopback a test receiver needs.
const loopback4 = new BlockList();
loopback4.addSubnet('127.0.0.0', 8, 'ipv4');
const loopback6 = new BlockList();
loopback6.addAddress('::1', 'ipv6');

/** What a connection may reach besides globally reachable addresses. */
export interface AddressPolicy {
  /** This machine's loopback (127/8, ::1): a test receiver, never a partner's hook. */
  loopback: boolean;
}

/** Strict: globally reachable addresses only. */
export const GLOBAL_ONLY: AddressPolicy = { loopback: false };

/** Is this IP address (no brackets, no zone) one the policy lets a connection reach? */
export function isAllowedAddress(address: string, policy: AddressPolicy): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (policy.loopback && isLoopbackAddress(address)) return true;
  if (family === 6 && !global6.check(address, 'ipv6')) return false;
  return !internal.check(address, type);
}

/** Is this IP address this machine's loopback (127/8, ::1)? */
export function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return loopback4.check(address, 'ipv4');
  return family === 6 && loopback6.check(address, 'ipv6');
}

/** Is this host name of a URL (brackets allowed) an IP literal, and which address? */
export function ipLiteral(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

/** Names that are this machine by definition (RFC 6761), whatever a resolver says. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
