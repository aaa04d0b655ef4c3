/**
 * The access log, written once a turn of the event loop (server/http/log-lines.ts), through a
 * crash: the production bundle, its stdout a pipe as under a service manager. One request at a
 * time, each one's line comes without another request or a timer pushing it, and says what that
 * request got. Under load, killed with SIGKILL, the log has lost at most one buffer of lines, and
 * every line it has is whole. The log does not touch storage, so SQLite alone is enough here.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_BUFFER } from '../../server/http/log-lines.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { tempDir } from '../server/helpers.ts';
import { waitFor } from '../wait-for.ts';

const SLUG = 'el-salvador';
const servers: ServerChild[] = [];
after(async () => {
  for (const server of servers) await server.stop();
});

/** A server with the log on, on a new database with the demo (counted at once). */
async function start(): Promise<ServerChild> {
  const server = await spawnServer({
    PORT: '0',
    DATABASE_PATH: path.join(tempDir(), 'log.db'),
    PETITION_LOG: 'on',
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
  });
  servers.push(server);
  return server;
}

/** A request's line. */
interface Line {
  method: string;
  route: string;
  status: number;
}

/** Fewer characters than any request line has (its time alone is 33): a buffer's most lines. */
const SHORT_LINE = 80;

/** The request lines in the output so far (whole lines only). */
function requestLines(output: string): { lines: Line[] } {
  const whole = output.slice(0, output.lastIndexOf('\n') + 1).split('\n');
  const lines: Line[] = [];
  for (const text of whole) {
    if (!text.startsWith('{"time"')) continue;
    const line = JSON.parse(text) as Line & { level?: string };
    if (line.level) continue;
    assert.ok(text.length >= SHORT_LINE, text);
    lines.push(line);
  }
  return { lines };
}

let serial = 0;
/** Four kinds of request, each with the answer it must get. */
const kinds = [
  { method: 'GET', route: '/api/campaigns/:slug/counter', path: `/api/campaigns/${SLUG}/counter` },
  { method: 'GET', route: '/api/campaigns/:slug/counter', path: '/api/campaigns/no-such/counter' },
  { method: 'POST', route: '/api/campaigns/:slug/signatures', body: () => '{"firstName":' },
  {
    method: 'POST',
    route: '/api/campaigns/:slug/signatures',
    body: () =>
      JSON.stringify({
        firstName: 'Ana',
        lastName: 'López',
        email: `log.${process.pid}.${++serial}@example.org`,
        city: 'San Salvador',
      }),
  },
];

/** Sends kind `index`; resolves with the status. */
async function send(server: ServerChild, index: number): Promise<number> {
  const kind = kinds[index % kinds.length];
  const response = await fetch(
    server.url + (kind.path ?? `/api/campaigns/${SLUG}/signatures`),
    kind.body
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: kind.body() }
      : {},
  );
  await response.arrayBuffer();
  return response.status;
}

describe('the access log', () => {
  it('writes each request its line at once, saying what it got', { timeout: 60_000 }, async () => {
    const server = await start();
    const got: Line[] = [];
    for (let index = 0; index < 40; index++) {
      const status = await send(server, index);
      const { method, route } = kinds[index % kinds.length];
      got.push({ method, route, status });
      // No further request and no timer: the line is out by the end of the turn that answered.
      await waitFor(
        () => requestLines(server.output()).lines.length === got.length,
        `the line of request ${index + 1}`,
      );
    }
    assert.deepEqual(
      got.map(({ status }) => status),
      Array.from({ length: 10 }, () => [200, 404, 400, 201]).flat(),
    );
    const logged = requestLines(server.output()).lines;
    assert.deepEqual(
      logged.map(({ method, route, status }) => ({ method, route, status })),
      got,
    );
  });

  it('loses at most its last buffer to kill -9 under load', { timeout: 60_000 }, async () => {
    const server = await start();
    let answered = 0;
    let killed = false;
    const exited = new Promise((done) => server.child.once('exit', done));
    // 32 clients, each sending the four kinds in turn until the server is gone.
    const clients = Array.from({ length: 32 }, async (_, client) => {
      for (let index = client; !killed; index++) {
        try {
          await send(server, index);
          answered++;
        } catch {
          return;
        }
      }
    });
    await waitFor(() => answered >= 2000, '2,000 answers', 30_000);
    killed = true;
    const answeredAtKill = answered;
    server.child.kill('SIGKILL');
    await exited;
    await Promise.all(clients);
    const { lines } = requestLines(server.output());
    const buffer = Math.ceil(MAX_BUFFER / SHORT_LINE);
    const lost = answeredAtKill - lines.length;
    // The lines of requests not yet answered may be in too (at most the 32 in flight).
    assert.ok(lines.length <= answered + 32, `${lines.length} lines for ${answered} answers`);
    assert.ok(
      lost <= buffer,
      `${lost} lines lost of ${answeredAtKill} answered; one buffer holds at most ${buffer}`,
    );
    assert.ok(lines.every((line) => [200, 201, 400, 404].includes(line.status)));
  });
});
