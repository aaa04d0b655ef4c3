/**
 * Slow and oversized clients against the real server process: a 100 MB body (declared and
 * chunked), a body that never ends, and 1,000 idle connections. The server keeps serving others
 * and its memory stays flat. On SQLite only: body limits and idle sockets are decided before any
 * storage is asked, so the engine under the server changes nothing here.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { tempDir } from './helpers.ts';

let server: ServerChild;
let port: number;

const rssMb = () =>
  Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) /
  1024;

async function healthy(): Promise<void> {
  const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(response.status, 200);
}

/** Writes a request head, then streams `total` bytes of body while reading the answer. */
function hugeBody(head: string, total: number, chunked: boolean): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    socket.on('data', (data) => (answer += data));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(head);
    const pump = () => {
      while (sent < total && !socket.destroyed) {
        sent += chunk.length;
        const ok = socket.write(
          chunked
            ? Buffer.concat([
                Buffer.from(`${chunk.length.toString(16)}\r\n`),
                chunk,
                Buffer.from('\r\n'),
              ])
            : chunk,
        );
        if (!ok) return void socket.once('drain', pump);
      }
      if (!socket.destroyed) socket.end(chunked ? '0\r\n\r\n' : '');
    };
    pump();
    setTimeout(() => socket.destroy(), 8000);
  });
}

before(async () => {
  server = await spawnServer({
    PORT: '0',
    DATABASE_PATH: path.join(tempDir(), 'slow.db'),
    PETITION_RATE_LIMIT: 'off',
  });
  port = Number(new URL(server.url).port);
});

after(() => server.stop());

describe('slow and oversized clients', () => {
  it('refuses a declared 100 MB body with 413 before reading it', async () => {
    const before = rssMb();
    const head = `POST /api/campaigns/el-salvador/signatures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`;
    const answer = await hugeBody(head, 100 * 1024 * 1024, false);
    assert.match(answer, /^HTTP\/1.1 413/);
    await healthy();
    assert.ok(rssMb() - before < 60, `memory grew by ${rssMb() - before} MB`);
  });

  it('refuses a chunked 100 MB body with 413 and stays up', async () => {
    const before = rssMb();
    const head =
      'POST /api/campaigns/el-salvador/signatures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
    const answer = await hugeBody(head, 100 * 1024 * 1024, true);
    assert.match(answer, /^HTTP\/1.1 413/);
    await healthy();
    assert.ok(rssMb() - before < 60, `memory grew by ${rssMb() - before} MB`);
  });

  it('keeps serving while a body never ends and 1,000 connections sit idle', async () => {
    const stalled = net.connect(port, '127.0.0.1');
    stalled.on('error', () => {});
    stalled.write(
      'POST /api/campaigns/el-salvador/signatures HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"firstName":',
    );
    const idle = await Promise.all(
      Array.from(
        { length: 1000 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
            socket.on('error', () => {});
          }),
      ),
    );
    // healthy() gives each answer 10 s: a liveness bound, not a speed measurement.
    for (let i = 0; i < 20; i++) await healthy();
    const counter = await fetch(`${server.url}/api/campaigns/el-salvador/counter`);
    assert.equal(counter.status, 200);
    for (const socket of idle) socket.destroy();
    stalled.destroy();
    await healthy();
  });
});
