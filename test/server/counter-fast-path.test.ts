/**
 * The counter read served straight from Node (http/counter-fast-path.ts) answers exactly as the
 * Hono route does, on each engine: same body, status, ETag, 304, caching, CORS and security
 * headers, and the same log.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serveCounterFast } from '../../server/http/counter-fast-path.ts';
import type { Running } from '../../server/runtime/server.ts';
import { EACH_ENGINE, startServerOn } from './engine-app.ts';

const HEADERS = [
  'content-type',
  'etag',
  'cache-control',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'x-content-type-options',
  'referrer-policy',
  'content-security-policy',
];

const pick = (response: Response) =>
  Object.fromEntries(HEADERS.map((name) => [name, response.headers.get(name)]));

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`the counter fast path on ${engine}`, { skip }, () => {
    let running: Running;
    before(async () => {
      // The whole server (its own database), beside the test app the route answers from.
      ({ running } = await startServerOn(engine, { PETITION_BOT_CHECKS: 'off' }));
    });
    after(() => running?.stop());

    it('answers like the Hono route: 200, then 304 on its ETag', async () => {
      const app = await open();
      const fast = await fetch(`${running.url}/api/campaigns/el-salvador/counter`);
      const routed = await app.request('/api/campaigns/el-salvador/counter');
      assert.equal(fast.status, 200);
      assert.deepEqual(pick(fast), pick(routed));
      assert.deepEqual(await fast.json(), await routed.json());
      const etag = fast.headers.get('etag')!;
      const fastAgain = await fetch(`${running.url}/api/campaigns/el-salvador/counter?t=1`, {
        headers: { 'if-none-match': `W/${etag}, "other"` },
      });
      const routedAgain = await app.request('/api/campaigns/el-salvador/counter', {
        headers: { 'if-none-match': `W/${etag}, "other"` },
      });
      assert.equal(fastAgain.status, 304);
      assert.equal(routedAgain.status, 304);
    });

    it('sees a new signature at once', async () => {
      const before = await (await fetch(`${running.url}/api/campaigns/el-salvador/counter`)).json();
      const signed = await fetch(`${running.url}/api/campaigns/el-salvador/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          firstName: 'F',
          lastName: 'P',
          email: 'fast.path@example.org',
          city: 'C',
          optIn: false,
        }),
      });
      assert.equal(signed.status, 201);
      const after = await (await fetch(`${running.url}/api/campaigns/el-salvador/counter`)).json();
      assert.equal(after.signatures, before.signatures + 1);
    });

    it('leaves what it does not serve to the app: unknown campaigns, other methods', async () => {
      const unknown = await fetch(`${running.url}/api/campaigns/nope/counter`);
      assert.equal(unknown.status, 404);
      assert.equal(unknown.headers.get('content-type'), 'application/problem+json');
      const post = await fetch(`${running.url}/api/campaigns/el-salvador/counter`, {
        method: 'POST',
      });
      assert.equal(post.status, 404);
      const head = await fetch(`${running.url}/api/campaigns/el-salvador/counter`, {
        method: 'HEAD',
      });
      assert.equal(head.status, 200);
    });
  });

  describe(`serveCounterFast on its own on ${engine}`, { skip }, () => {
    it('serves known campaigns itself, logs like the app, and declines everything else', async () => {
      const { campaigns } = await open();
      const lines: Record<string, unknown>[] = [];
      const server = http.createServer((request, response) => {
        if (!serveCounterFast(campaigns, (line) => lines.push(line), request, response))
          response.writeHead(599).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        assert.equal((await fetch(`${base}/api/campaigns/el-salvador/counter`)).status, 200);
        assert.equal(
          (await fetch(`${base}/api/campaigns/el-salvador/counter?lang=fr`)).status,
          200,
        );
        for (const url of [
          '/api/campaigns/nope/counter',
          '/api/campaigns/el%2Dsalvador/counter',
          '/api/campaigns/el-salvador/counterx',
          '/api/campaigns/el-salvador',
        ]) {
          assert.equal((await fetch(base + url)).status, 599, url);
        }
        assert.equal(
          (await fetch(`${base}/api/campaigns/el-salvador/counter`, { method: 'DELETE' })).status,
          599,
        );
        assert.deepEqual(Object.keys(lines[0]).sort(), ['method', 'ms', 'route', 'status', 'time']);
        assert.equal(lines.length, 2);
      } finally {
        server.close();
      }
    });
  });
}
