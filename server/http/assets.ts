/**
 * Static assets served from memory: the widget bundle and the demo pages.
 *
 * Each file is read and compressed (gzip and brotli) once at start; answers carry a strong ETag,
 * honour If-None-Match, and pick the encoding from Accept-Encoding.
 */
import fs from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { sha256 } from '../secrets/crypto.ts';

/** A file held in memory with its compressed forms. */
export interface Asset {
  type: string;
  body: Buffer;
  gzip: Buffer;
  brotli: Buffer;
  etag: string;
  hash: string;
}

/** Builds an asset from bytes. */
export function makeAsset(body: Buffer, type: string): Asset {
  const hash = sha256(body.toString('latin1')).slice(0, 12);
  return {
    type,
    body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    etag: `"${hash}"`,
    hash,
  };
}

/** Reads a file into an asset, or undefined when it is not there (say, not built yet). */
export function loadAsset(file: string, type: string): Asset | undefined {
  try {
    return makeAsset(fs.readFileSync(file), type);
  } catch {
    return undefined;
  }
}

/** Answers with an asset: 304 on a matching ETag, compressed when the client accepts it. */
export function serveAsset(c: Context, asset: Asset, cacheControl: string): Response {
  c.header('ETag', asset.etag);
  c.header('Cache-Control', cacheControl);
  c.header('Vary', 'Accept-Encoding');
  if (
    c.req
      .header('if-none-match')
      ?.split(',')
      .some((tag) => tag.trim() === asset.etag)
  ) {
    return c.body(null, 304);
  }
  c.header('Content-Type', asset.type);
  const accepted = c.req.header('accept-encoding') ?? '';
  if (/\bbr\b/.test(accepted)) {
    c.header('Content-Encoding', 'br');
    return c.body(new Uint8Array(asset.brotli));
  }
  if (/\bgzip\b/.test(accepted)) {
    c.header('Content-Encoding', 'gzip');
    return c.body(new Uint8Array(asset.gzip));
  }
  return c.body(new Uint8Array(asset.body));
}
