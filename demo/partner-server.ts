/**
 * A partner's page on another origin, for the demo and the end-to-end tests: serves
 * demo/partner.html (hostile global CSS and the one script tag) with the API origin filled in.
 *
 *   node --import tsx demo/partner-server.ts [port] [api origin]
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts the partner page server; resolves with its URL. */
export function startPartnerServer(port: number, api: string): Promise<{ url: string; close: () => void }> {
  const page = fs.readFileSync(new URL('./partner.html', import.meta.url), 'utf8').replaceAll('__API__', api);
  const server = http.createServer((request, response) => {
    if (request.url !== '/' && !request.url?.startsWith('/?')) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => server.close() });
    });
  });
}

if (process.argv[1]?.endsWith('partner-server.ts')) {
  const port = Number(process.argv[2] ?? 8788);
  const api = process.argv[3] ?? 'http://localhost:8787';
  const { url } = await startPartnerServer(port, api);
  console.log(`Partner page on ${url} (embedding ${api}/widget.js)`);
}
