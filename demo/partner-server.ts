/**
 * A partner's page on another origin, for the demo and the end-to-end tests: serves
 * demo/partner.html (hostile CSS from demo/partner.css, and the one script tag) with the API
 * origin filled in, under the strict Content-Security-Policy a careful partner would set.
 *
 *   node --import tsx demo/partner-server.ts [port] [api origin]
 *
 * `?lang=fr` sets the page's `<html lang>`, `?campaign=slug` the tag's `data-campaign`,
 * `?isolation=frame` adds `data-isolation="frame"` to each tag (frame mode), `?recent` adds
 * `data-recent` (the recent signatures under the counter).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const read = (name: string) => fs.readFileSync(new URL(name, import.meta.url), 'utf8');

/**
 * The partner's policy: scripts and connections from the API origin only, no inline styles; in
 * frame mode, frames from the API origin too. `inline` is a script of the tests' own, allowed by
 * its hash and nothing wider.
 */
export function partnerCsp(api: string, inline = '', frame = false): string {
  const hash = inline ? ` 'sha256-${createHash('sha256').update(inline).digest('base64')}'` : '';
  return (
    `default-src 'none'; script-src ${api}${hash}; connect-src ${api};${frame ? ` frame-src ${api};` : ''} style-src 'self'; ` +
    "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
  );
}

export interface PartnerOptions {
  /** A script the tests put first in `<head>` (an error recorder); the policy allows its hash. */
  inline?: string;
  /** The tag to paste instead of partner.html's own (what the console's embed builder wrote). */
  tag?: string;
}

/** Starts the partner page server; resolves with its URL. */
export function startPartnerServer(
  port: number,
  api: string,
  options: PartnerOptions = {},
): Promise<{ url: string; close: () => void }> {
  const inline = options.inline ?? '';
  const { tag } = options;
  const template = read('./partner.html')
    .replace(/<script src="__API__.*<\/script>/, (own) => tag ?? own)
    .replaceAll('__API__', api)
    .replace('<head>', inline ? `<head>\n<script>${inline}</script>` : '<head>');
  const css = read('./partner.css');
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://partner');
    if (url.pathname === '/partner.css') {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8' }).end(css);
      return;
    }
    if (url.pathname !== '/') {
      response.writeHead(404).end();
      return;
    }
    const word = (name: string, fallback: string) => {
      const value = url.searchParams.get(name) ?? '';
      return /^[a-z][a-z0-9-]{0,40}$/i.test(value) ? value : fallback;
    };
    const frame = url.searchParams.get('isolation') === 'frame';
    const page = template
      .replace('<html lang="en">', `<html lang="${word('lang', 'en')}">`)
      .replace('data-campaign="el-salvador"', `data-campaign="${word('campaign', 'el-salvador')}"`)
      .replaceAll(' data-campaign=', frame ? ' data-isolation="frame" data-campaign=' : '$&')
      .replaceAll(
        ' data-campaign=',
        url.searchParams.has('recent') ? ' data-recent data-campaign=' : '$&',
      );
    response
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': partnerCsp(api, inline, frame),
      })
      .end(page);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () => {
          server.close();
          server.closeAllConnections();
        },
      });
    });
  });
}

if (process.argv[1]?.endsWith('partner-server.ts')) {
  const port = Number(process.argv[2] ?? 8788);
  const api = process.argv[3] ?? 'http://localhost:8787';
  const { url } = await startPartnerServer(port, api);
  console.log(`Partner page on ${url} (embedding ${api}/widget.js)`);
}
