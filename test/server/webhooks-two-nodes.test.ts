/**
 * Webhooks with two API nodes (the production bundle, server/dist/main.js, twice) on one
 * PostgreSQL and one hook to a real receiver on 127.0.0.1: signatures spread over both nodes give
 * exactly one delivery each, none twice, in the outbox's order (signing order, for signatures made
 * one after another), though both nodes' workers claim from the same outbox all along; and a node
 * killed with SIGKILL in the middle of a delivery does not lose it: its lease expires and the
 * other node sends it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { startReceiver } from './webhook-receiver.ts';

const TOKEN = 'webhook-nodes-token-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

/** One node on the database at `url`, stopped when the file ends. */
async function node(url: string, timeoutMs: number): Promise<ServerChild> {
  const child = await spawnServer(
    {
      DATABASE_URL: url,
      PETITION_SECRET: 'webhook-nodes-secret-0123456789abcdef',
      PETITION_ADMIN_TOKEN: TOKEN,
      PETITION_SEED: 'on',
      PETITION_BOT_CHECKS: 'off',
      PETITION_RATE_LIMIT: 'off',
      PETITION_LOG: 'off',
      PETITION_WEBHOOK_RETRY_MS: '40',
      PETITION_WEBHOOK_RETRY_MAX_MS: '200',
      PETITION_WEBHOOK_POLL_MS: '25',
      PETITION_WEBHOOK_TIMEOUT_MS: String(timeoutMs),
      PETITION_WEBHOOK_ALLOW_LOOPBACK: '1',
      PORT: '0',
    },
    { fixtures: false },
  );
  cleanups.push(child.stop);
  return child;
}

async function receiver() {
  const started = await startReceiver();
  cleanups.push(started.close);
  return started;
}

async function database(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // The database is dropped (its connections cut) when the file ends.
  pool.on('error', () => {});
  cleanups.push(() => pool.end());
  return pool;
}

const hook = async (at: ServerChild, url: string) => {
  const response = await fetch(`${at.url}/api/admin/webhooks`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ url, events: ['signature.created'] }),
  });
  assert.equal(response.status, 201);
};

let serial = 0;
/** Signs on `at`; returns the email. */
async function sign(at: ServerChild): Promise<string> {
  const email = `node-${process.pid}-${++serial}@example.org`;
  const response = await fetch(`${at.url}/api/campaigns/el-salvador/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'Ada', lastName: 'L', email, city: 'London', optIn: false }),
  });
  assert.equal(response.status, 201);
  return email;
}

describe('webhooks on two PostgreSQL nodes', { skip: pgSkip }, () => {
  it('sends each of N signatures made over both nodes exactly once, in order', async () => {
    const url = await freshPgDatabase();
    const a = await node(url, 2000);
    const b = await node(url, 2000);
    const db = await database(url);
    const to = await receiver();
    await hook(b, to.url);
    // One after another, alternating nodes: they must arrive in signing order.
    const oneByOne: string[] = [];
    for (let n = 0; n < 20; n++) oneByOne.push(await sign(n % 2 ? a : b));
    // At once, half on each node.
    const atOnce = await Promise.all(Array.from({ length: 40 }, (_, n) => sign(n % 2 ? a : b)));
    const total = oneByOne.length + atOnce.length;
    await waitFor(() => to.firsts().length === total, `${total} deliveries`, 20_000);
    // Every delivery recorded and no lease held: no worker has one still to send.
    const settled = async () =>
      (
        await db.query(
          `SELECT count(*)::int AS n FROM webhook_deliveries
           WHERE state = 'delivered' AND lease_owner IS NULL`,
        )
      ).rows[0].n === total;
    await waitFor(settled, 'both workers to record every delivery');
    assert.equal(to.received.length, total, 'none twice');
    const emails = to.received.map((r) => r.event.data.signature.email);
    assert.deepEqual(emails.slice(0, oneByOne.length), oneByOne, 'in signing order');
    assert.deepEqual(new Set(emails.slice(oneByOne.length)), new Set(atOnce), 'none lost');
    const { rows } = await db.query(
      'SELECT signature_id, state, attempts FROM webhook_deliveries ORDER BY id',
    );
    assert.deepEqual(
      to.received.map((r) => r.event.data.signature.id),
      rows.map((row) => Number(row.signature_id)),
      "in the outbox's order",
    );
    assert.ok(rows.every((row) => row.state === 'delivered' && row.attempts === 1));
    await Promise.all([a.stop(), b.stop()]);
  });

  it('loses nothing when the node sending a delivery is killed: the lease expires and the other node sends it', async () => {
    const url = await freshPgDatabase();
    const timeoutMs = 3000;
    const a = await node(url, timeoutMs);
    const db = await database(url);
    const to = await receiver();
    await hook(a, to.url);
    to.hang(true);
    const email = await sign(a);
    await waitFor(() => to.requests() === 1, 'A sending');
    // A's lease, taken when it began sending: the other node may send only once it has expired.
    const [{ lease_until: leaseUntil }] = (
      await db.query('SELECT lease_until FROM webhook_deliveries')
    ).rows;
    const b = await node(url, timeoutMs);
    a.child.kill('SIGKILL');
    await new Promise((resolve) => a.child.once('exit', resolve));
    const killedAt = Date.now();
    to.hang(false);
    await waitFor(() => to.firsts().length === 1, 'the delivery, from B', 20_000);
    const sentAt = Date.now();
    const waited = sentAt - killedAt;
    assert.equal(to.received[0].event.data.signature.email, email);
    const recorded = async () =>
      (await db.query('SELECT state, lease_owner FROM webhook_deliveries')).rows;
    await waitFor(async () => (await recorded())[0].state === 'delivered', 'B recording it');
    assert.deepEqual(await recorded(), [{ state: 'delivered', lease_owner: null }]);
    // B waited for A's lease rather than sending it beside A. Measured against the lease, not the
    // kill: on a loaded machine starting B can take longer than the lease has left (CI saw 24 ms).
    assert.ok(
      sentAt >= Number(leaseUntil),
      `sent ${Number(leaseUntil) - sentAt} ms before A's lease ended`,
    );
    console.log(
      `# the killed node's delivery was sent by the other node ${waited} ms after the kill`,
    );
    await b.stop();
  });
});
