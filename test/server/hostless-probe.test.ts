/**
 * Health checkers send no Host header (HAProxy's `option httpchk GET /readyz` sends HTTP/1.0 and
 * none): the production server (server/dist/main.js) answers `/healthz` and `/readyz` without
 * one, and still refuses a Host-less request anywhere else.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';

/** Sends `head` as written (no Host added) and resolves with the status line's code and body. */
function raw(url: string, head: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`${head}\r\n\r\n`));
    let answer = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer in 10 s')));
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
      resolve({ status, body: answer.split('\r\n\r\n').slice(1).join('\r\n\r\n') });
    });
  });
}

describe('health probes without a Host header', () => {
  let server: ServerChild;
  before(async () => (server = await spawnServer()));
  after(() => server?.stop());

  for (const path of ['/healthz', '/readyz']) {
    it(`answers GET ${path} over HTTP/1.0 with no Host (HAProxy's check)`, async () => {
      const answer = await raw(server.url, `GET ${path} HTTP/1.0`);
      assert.equal(answer.status, 200);
      assert.match(answer.body, /"status":"(ok|ready)"/);
    });
  }

  it('answers with a Host as before', async () => {
    const answer = await raw(server.url, 'GET /readyz HTTP/1.1\r\nHost: a\r\nConnection: close');
    assert.equal(answer.status, 200);
  });

  it('still refuses a Host-less request to any other route', async () => {
    for (const path of ['/api/campaigns/el-salvador', '/', '/admin', '/readyz/x', '/healthzz']) {
      const answer = await raw(server.url, `GET ${path} HTTP/1.0`);
      assert.equal(answer.status, 400, path);
    }
  });
});
