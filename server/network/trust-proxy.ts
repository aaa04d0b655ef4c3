/**
 * Which proxies to believe, and so who the client is (the way Express and Rails decide it).
 *
 * Each proxy appends the address it was called from to `X-Forwarded-For`, so only the right end
 * of the header is trustworthy: the left end is whatever the client sent. The candidates are
 * `[...X-Forwarded-For, socket address]`; walking from the right, addresses added by trusted
 * proxies are skipped and the first one left is the client. With `PETITION_TRUST_PROXY=N` the
 * last N entries are trusted (1 = one proxy in front); with a list, the addresses and CIDRs
 * named (no wider than /8 or /32: see MIN_IPV4_PREFIX). `off` ignores the header: the socket's
 * address is the client.
 */
import { BlockList, isIPv4 } from 'node:net';
import { parseAddress, unmapped } from './ip-address.ts';

/** The parsed PETITION_TRUST_PROXY. */
export type TrustProxy =
  | { kind: 'off' }
  | { kind: 'hops'; hops: number }
  | { kind: 'list'; text: string; proxies: BlockList };

/**
 * The widest networks a list may trust. No operator's proxies fill more than a /8 of IPv4 or a /32
 * of IPv6 (a whole provider's allocation); a wider one (0.0.0.0/0, ::/0) trusts clients, and a
 * client that is trusted picks whose address it signs with.
 */
const MIN_IPV4_PREFIX = 8;
const MIN_IPV6_PREFIX = 32;

const WANTED =
  'off, the number of proxies in front (1 for one), or their addresses and CIDRs, comma-separated ' +
  '(127.0.0.1,10.0.0.0/8,::1)';

/** Parses the setting; a string saying what is wrong when it is not valid. */
export function parseTrustProxy(value: string): TrustProxy | string {
  const text = value.trim();
  if (text === 'off') return { kind: 'off' };
  if (text === 'on') {
    // `on` used to take the left-most entry, which any client writes. It is refused rather than
    // read as 1: behind a CDN and a load balancer, 1 would trust the wrong hop without a word.
    return `"on" is no longer accepted (it trusted an address any client can write); use ${WANTED}`;
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) return `a hop count must be 1 to 10; or use ${WANTED}`;
    return { kind: 'hops', hops };
  }
  const proxies = new BlockList();
  for (const part of text.split(',')) {
    const [raw, bits, extra] = part.trim().split('/');
    const address = parseAddress(raw ?? '');
    if (!address || extra !== undefined || (bits !== undefined && !/^\d{1,3}$/.test(bits))) {
      return `"${part.trim().slice(0, 60)}" is not an address or CIDR; use ${WANTED}`;
    }
    const plain = unmapped(address);
    // An IPv4-mapped CIDR (::ffff:10.0.0.0/104) is the IPv4 one it maps (10.0.0.0/8).
    const shift = plain !== address && isIPv4(plain) ? 96 : 0;
    const max = isIPv4(plain) ? 32 : 128;
    const prefix = bits === undefined ? max : Number(bits) - shift;
    if (prefix < 0 || prefix > max)
      return `"${part.trim().slice(0, 60)}" has a prefix out of range`;
    const narrowest = isIPv4(plain) ? MIN_IPV4_PREFIX : MIN_IPV6_PREFIX;
    if (prefix < narrowest) {
      return (
        `"${part.trim().slice(0, 60)}" is wider than /${narrowest}: no proxy of yours holds all ` +
        'of it, and every client in it could forge its address in X-Forwarded-For; name your ' +
        'proxies or their own network'
      );
    }
    proxies.addSubnet(plain, prefix, isIPv4(plain) ? 'ipv4' : 'ipv6');
  }
  return { kind: 'list', text, proxies };
}

function isTrusted(proxies: BlockList, candidate: string): boolean {
  const address = parseAddress(candidate);
  if (!address) return false;
  const plain = unmapped(address);
  return proxies.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
}

/** The client's address from the socket's and the X-Forwarded-For header, under `trust`. */
export function pickClient(
  trust: TrustProxy,
  socketAddress: string,
  forwarded: string | undefined,
): string {
  if (trust.kind === 'off' || !forwarded) return socketAddress;
  // A client can send thousands of entries; only the right end can matter.
  const entries = forwarded
    .split(',')
    .slice(-32)
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [...entries, socketAddress];
  if (trust.kind === 'hops') return chain[Math.max(0, chain.length - 1 - trust.hops)];
  let index = chain.length - 1;
  while (index > 0 && isTrusted(trust.proxies, chain[index])) index--;
  return chain[index];
}
