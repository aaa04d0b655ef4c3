/**
 * Connecting only where an address policy allows, checked on the address the socket really
 * connects to: a `lookup` for net/tls connections (so for node:http and node:https through their
 * agents) that resolves the name and refuses it when any address it gives is not allowed.
 *
 * Checking a URL's host name when a hook is made is not enough: a name can resolve to
 * 127.0.0.1, and DNS can answer differently at delivery time than it did then (rebinding). The
 * socket connects to the very addresses this function returned, so what was checked is what is
 * reached. net.connect does not call `lookup` for an IP literal: the caller checks those
 * (`refusedLiteral`). `localhost` is resolved like any name (and refused for what it resolves to). A name with one internal address among public ones is refused whole: a real
 * receiver has no reason to resolve inside our network.
 */
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { AddressPolicy } from './internal-address.ts';
import { ipLiteral, isAllowedAddress } from './internal-address.ts';

/** The code of the error a refused address fails the connection with. */
export const ADDRESS_REFUSED = 'ERR_ADDRESS_REFUSED';

/** A connection refused by policy before any packet was sent. */
export function addressRefused(): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error('refused: not a public address');
  error.code = ADDRESS_REFUSED;
  return error;
}

/** dns.lookup's shape with `all: true`, so tests can stand in for a resolver. */
export type Resolve = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/** An IP literal host the policy does not allow (net.connect would not ask `lookup`), or null. */
export function refusedLiteral(
  hostname: string,
  policy: AddressPolicy,
): NodeJS.ErrnoException | null {
  const literal = ipLiteral(hostname);
  return literal === null || isAllowedAddress(literal, policy) ? null : addressRefused();
}

/** A `lookup` for net.connect/tls.connect that refuses addresses the policy does not allow. */
export function guardedLookup(
  policy: AddressPolicy,
  resolve: Resolve = dns.lookup as Resolve,
): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      if (!addresses.length || !addresses.every((a) => isAllowedAddress(a.address, policy))) {
        return callback(addressRefused(), '', 0);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
