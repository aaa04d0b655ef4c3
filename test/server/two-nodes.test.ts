/**
 * Two API nodes (the production bundle, server/dist/main.js, twice) on one PostgreSQL are one
 * service: a signature on A is in B's counter within a second; one Idempotency-Key sent to A then
 * B gives one row and one answer; dedupe by email holds under concurrent load across both; a
 * campaign changed through A is served by B within a second; and when A is killed with SIGKILL
 * under load, B goes on answering and nothing acknowledged is lost.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { waitFor } from '../wait-for.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

const TOKEN = 'two-nodes-admin-token-0123456789';
const SLUG = 'el-salvador';

describe('two nodes on one PostgreSQL', { skip: pgSkip }, () => {
  let url: string;
  let a: ServerChild;
  let b: ServerChild;
  let db: pg.Pool;

  const node = () =>
    spawnServer(
      {
        DATABASE_URL: url,
        PETITION_SECRET: 'two-nodes-secret-0123456789abcdef',
        PETITION_ADMIN_TOKEN: TOKEN,
        PETITION_BOT_CHECKS: 'off',
        PETITION_RATE_LIMIT: 'off',
        PETITION_LOG: 'off',
        PORT: '0',
      },
      { fixtures: false },
    );

  before(async () => {
    url = await freshPgDatabase();
    [a, b] = await Promise.all([node(), node()]);
    db = new pg.Pool({ connectionString: url, max: 2 });
    // A node's restart can cut this pool's idle connections: the next query reconnects.
    db.on('error', () => {});
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.end();
  });

  let serial = 0;
  const person = (email = `p${++serial}@example.org`) =>
    JSON.stringify({ firstName: 'Ada', lastName: 'L', email, city: 'London', optIn: false });
  const sign = (at: ServerChild, body: string, key?: string) =>
    fetch(`${at.url}/api/campaigns/${SLUG}/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body,
    });
  const counter = async (at: ServerChild) =>
    (await (await fetch(`${at.url}/api/campaigns/${SLUG}/counter`)).json()) as {
      signatures: number;
      goal: number | null;
    };
  const rows = async () =>
    Number((await db.query('SELECT count(*) AS n FROM signatures')).rows[0].n);
  const stored = async () =>
    Number((await db.query('SELECT signature_count AS n FROM campaigns')).rows[0].n);

  it('shows a signature made on A in B’s counter within a second', async () => {
    const before = (await counter(b)).signatures;
    assert.equal((await sign(a, person())).status, 201);
    await waitFor(async () => (await counter(b)).signatures === before + 1, 'B to serve it', 1000);
  });

  it('gives one row and one answer to one Idempotency-Key sent to A, then to B', async () => {
    const body = person();
    const rowsBefore = await rows();
    const first = await sign(a, body, 'two-nodes-key-1');
    const again = await sign(b, body, 'two-nodes-key-1');
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.equal(await again.text(), await first.text());
    assert.equal(await rows(), rowsBefore + 1);
  });

  it('dedupes by email under concurrent load on both nodes: the database decides', async () => {
    const rowsBefore = await rows();
    const emails = Array.from({ length: 40 }, (_, n) => `dup${n}@example.org`);
    const requests = emails.flatMap((email, n) =>
      [0, 1, 2, 3].map((k) => sign((n + k) % 2 ? a : b, person(email))),
    );
    const statuses = await Promise.all(requests.map(async (response) => (await response).status));
    assert.equal(statuses.filter((status) => status === 201).length, 40);
    assert.equal(statuses.filter((status) => status === 200).length, 120);
    assert.equal(await rows(), rowsBefore + 40);
    assert.equal(await stored(), await rows());
  });

  it('serves a campaign changed through A from B within a second', async () => {
    const response = await fetch(`${a.url}/api/admin/campaigns/${SLUG}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ goal: 123_456 }),
    });
    assert.equal(response.status, 200);
    await waitFor(async () => (await counter(b)).goal === 123_456, 'B to serve it', 1000);
  });

  it('keeps answering on B when A is killed with SIGKILL under load; nothing acknowledged is lost', async () => {
    const acknowledged = new Set<string>();
    let stop = false;
    let answeredByB = 0;
    // Each client sends to A first; when A is gone it retries the same body and key on B.
    const client = async (id: number) => {
      for (let n = 0; !stop && n < 60; n++) {
        const email = `crash-${id}-${n}@example.org`;
        const body = person(email);
        for (const at of [a, b]) {
          try {
            const response = await sign(at, body, `crash-key-${id}-${n}`);
            if (response.status === 201) {
              acknowledged.add(email);
              if (at === b) answeredByB++;
              break;
            }
          } catch {
            // A died mid-request: the answer may be lost, the row may be in; B replays it.
          }
        }
      }
    };
    const clients = Array.from({ length: 8 }, (_, id) => client(id));
    await waitFor(() => acknowledged.size >= 16, 'A under load (16 signatures acknowledged)');
    a.child.kill('SIGKILL');
    await Promise.all(clients);
    stop = true;
    assert.ok(answeredByB > 0, 'B answered after A was killed');
    const { rows: emails } = await db.query(
      "SELECT email FROM signatures WHERE email LIKE 'crash-%'",
    );
    const inDb = new Set(emails.map((row) => row.email as string));
    const lost = [...acknowledged].filter((email) => !inDb.has(email));
    assert.deepEqual(lost, []);
    assert.equal(acknowledged.size, 8 * 60);
    assert.equal(await stored(), await rows());
    assert.equal((await counter(b)).signatures, await rows());
  });
});
