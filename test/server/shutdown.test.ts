/**
 * The production server process (server/dist/main.js) on SIGTERM: /readyz turns 503 first, every
 * signature already sent is answered (none cut), a client that holds a request open is cut at the
 * PETITION_SHUTDOWN_MS deadline, and the database is closed cleanly.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { generateSignatures } from '../bench/generate.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { waitFor } from '../wait-for.ts';
import { tempDir } from './helpers.ts';

const BURST = 40;

/**
 * One signature on its own connection, as raw HTTP so nothing is retried behind the test's back.
 * `sent` resolves once the connection is established (the kernel accepted it) and the request
 * written; `answer` with the status once the whole answer is in, or with the error's code.
 */
function sign(url: string, n: number): { sent: Promise<void>; answer: Promise<number | string> } {
  const body = JSON.stringify({
    firstName: 'S',
    lastName: 'T',
    email: `stop${n}@example.org`,
    city: 'C',
    optIn: false,
  });
  let sent!: () => void;
  const written = new Promise<void>((resolve) => (sent = resolve));
  const answer = new Promise<number | string>((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `POST /api/campaigns/el-salvador/signatures HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nIdempotency-Key: stop-key-${n}\r\n\r\n${body}`,
        sent,
      );
    });
    socket.setTimeout(20_000, () => socket.destroy(new Error('no answer in 20 s')));
    let answer = '';
    const status = () => Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
    socket.on('data', (chunk) => {
      answer += chunk;
      const [head, rest] = answer.split('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(head)?.[1];
      if (rest !== undefined && length && Buffer.byteLength(rest) >= Number(length)) {
        socket.destroy();
        resolve(status());
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    socket.on('close', () => resolve(status() || 'closed without an answer'));
  });
  return { sent: written, answer };
}

describe('shutdown of server/dist/main.js', () => {
  it('answers every signature in flight at SIGTERM, says 503 on /readyz first, and exits 0', {
    timeout: 60_000,
  }, async () => {
    const file = path.join(tempDir(), 'shutdown.db');
    // The default deadline, 10 s: a 2.5 s drain.
    const server = await spawnServer({
      PORT: '0',
      DATABASE_PATH: file,
      PETITION_BOT_CHECKS: 'off',
      PETITION_RATE_LIMIT: 'off',
      PETITION_SHUTDOWN_MS: '10000',
    });
    assert.equal(await sign(server.url, 0).answer, 201);
    // A burst on fresh connections, and SIGTERM as soon as every request is sent: some are being
    // answered, some parsed, some still in the kernel's accept queue. All of them are in flight.
    const burst = Array.from({ length: BURST }, (_, n) => sign(server.url, n + 1));
    await Promise.all(burst.map((request) => request.sent));
    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    // The drain keeps the listener open: /readyz answers, 503, and closes its connection.
    const ready = await waitFor(
      async () => {
        const answer = await fetch(`${server.url}/readyz`);
        return answer.status !== 200 && answer;
      },
      '/readyz to say it drains',
      { timeout: 2000, every: 25 },
    );
    assert.equal(ready.status, 503, 'not ready while draining');
    assert.equal(ready.headers.get('connection'), 'close');
    const statuses = await Promise.all(burst.map((request) => request.answer));
    assert.deepEqual(statuses, Array(BURST).fill(201), 'every request in flight was answered');
    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(resolve, 15_000, 'still running')),
    ]);
    if (code === 'still running') server.child.kill('SIGKILL');
    assert.equal(code, 0);
    assert.match(server.output(), /SIGTERM: /);
    // A clean close checkpoints and removes the WAL.
    assert.ok(!fs.existsSync(`${file}-wal`) || fs.statSync(`${file}-wal`).size === 0);
    const db = new Database(file, { readonly: true });
    const rows = (db.prepare('SELECT COUNT(*) AS n FROM signatures').get() as { n: number }).n;
    const counted = (
      db.prepare('SELECT signature_count AS n FROM campaigns').get() as { n: number }
    ).n;
    db.close();
    assert.equal(rows, 1 + BURST, 'every acknowledged signature is stored');
    assert.equal(counted, rows);
  });

  it('cuts a request still open at the PETITION_SHUTDOWN_MS deadline, then exits', {
    timeout: 60_000,
  }, async () => {
    const file = path.join(tempDir(), 'deadline.db');
    const server = await spawnServer({
      PORT: '0',
      DATABASE_PATH: file,
      PETITION_SHUTDOWN_MS: '1500',
    });
    const { hostname, port } = new URL(server.url);
    // A client that announces a body and never finishes sending it: a request in flight.
    const slow = net.connect(Number(port), hostname);
    await new Promise((resolve) => slow.once('connect', resolve));
    const cut = new Promise((resolve) => slow.once('close', resolve));
    slow.on('error', () => {});
    // Its head and the start of its body handed to the kernel; the server, still taking
    // connections while it drains, reads them whether they arrive before SIGTERM or after.
    await new Promise((resolve) =>
      slow.write(
        'POST /api/campaigns/el-salvador/signatures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"first',
        resolve,
      ),
    );
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    await cut;
    const took = performance.now() - started;
    assert.ok(took >= 1400 && took < 8000, `exited after ${Math.round(took)} ms`);
  });

  it('cuts a CSV export whose client stopped reading at the deadline, then exits', {
    timeout: 60_000,
  }, async () => {
    const file = path.join(tempDir(), 'export.db');
    // 200,000 rows of CSV: far more than the socket buffers hold, so the export waits on its client.
    generateSignatures(file, 200_000);
    const token = 'shutdown-test-admin-token';
    const server = await spawnServer({
      PORT: '0',
      DATABASE_PATH: file,
      PETITION_ADMIN_TOKEN: token,
      PETITION_SHUTDOWN_MS: '1500',
    });
    const { hostname, port } = new URL(server.url);
    const download = net.connect(Number(port), hostname);
    download.on('error', () => {});
    download.write(
      `GET /api/admin/campaigns/el-salvador/signatures.csv HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n\r\n`,
    );
    const head = await new Promise<string>((resolve) =>
      download.once('data', (chunk: Buffer) => resolve(chunk.toString('latin1', 0, 12))),
    );
    assert.equal(head, 'HTTP/1.1 200');
    // The client stops reading; the rest of the export (far more than the buffers hold) waits.
    download.pause();
    const started = performance.now();
    const exited = new Promise<number | null>((resolve) =>
      server.child.once('exit', (code) => resolve(code)),
    );
    server.child.kill('SIGTERM');
    assert.equal(await exited, 0);
    const took = performance.now() - started;
    assert.ok(took >= 1400 && took < 8000, `exited after ${Math.round(took)} ms`);
    download.destroy();
  });
});
