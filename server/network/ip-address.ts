/**
 * Client addresses as rate-limit keys.
 *
 * One IPv6 subscriber gets a whole /64 (often larger) and picks any address in it, so keying IPv6
 * by the full address would give one person 2^64 identities: IPv6 is keyed by its /64. An
 * IPv4-mapped IPv6 address (`::ffff:203.0.113.9`, what a dual-stack socket reports) is the IPv4
 * client it maps, and every spelling of one address (case, `::`, leading zeros) is one key.
 */
import { isIP, isIPv4 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part included). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail[1].split('.').map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = rest === undefined ? [] : rest ? rest.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array<string>(rest === undefined ? 0 : missing).fill('0'), ...right].map(
    (group) => parseInt(group, 16),
  );
}

/** An address as the socket or a proxy wrote it, without a port, brackets or zone; null if none. */
export function parseAddress(value: string): string | null {
  let text = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.indexOf(':'));
  text = text.replace(/%.*$/, '');
  return isIP(text) ? text : null;
}

/** The IPv4 address an IPv4-mapped IPv6 address stands for; any other address unchanged. */
export function unmapped(address: string): string {
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
  if (!mapped) return address;
  return [groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255].join('.');
}

/**
 * The rate-limit key of an address: IPv4 as it is, IPv6 as its /64 (`2001:db8:0:1::/64`).
 * Text that is no address (a misconfigured proxy's) is kept, capped, so it still keys someone.
 */
export function addressKey(value: string): string {
  const address = parseAddress(value);
  if (address === null) return `?${value.trim().slice(0, 64)}`;
  const plain = unmapped(address);
  if (isIPv4(plain)) return plain;
  const prefix = ipv6Groups(plain).slice(0, 4);
  return `${prefix.map((group) => group.toString(16)).join(':')}::/64`;
}

/** Does a listening address (HOST) reach this machine only? */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  const address = parseAddress(host);
  if (address === null) return false;
  const plain = unmapped(address);
  return isIPv4(plain)
    ? plain.startsWith('127.')
    : ipv6Groups(plain).every((group, i) => group === (i === 7 ? 1 : 0));
}
