/**
 * The HAProxy config server/README.md documents, run by Debian's haproxy in front of two
 * production nodes (server/dist/main.js) on one PostgreSQL: its health checks mark both nodes up,
 * and a rolling restart (SIGTERM one node, start it again once it has exited, then the other)
 * under 20 concurrent signers through HAProxy loses nothing: every acknowledged signature is
 * stored once, and the service answers while each node is away. The nodes keep the server's
 * default shutdown timings, which the documented check intervals are chosen against.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { crashSignature, trySign } from '../crash/crash-client.ts';
import type { Haproxy } from '../fixtures/haproxy.ts';
import { documentedConfig, isUp, pointAtLoopback, startHaproxy } from '../fixtures/haproxy.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { ensureHaproxy } from '../haproxy.ts';
import { freePort } from '../postgres.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';
import { waitFor } from '../wait-for.ts';

const SIGNERS = 20;
/** A client's pause before it tries again. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the documented HAProxy config in front of two nodes', { skip: pgSkip }, () => {
  let databaseUrl: string;
  let haproxy: Haproxy;
  const ports: Record<string, number> = {};
  const nodes: Record<string, ServerChild> = {};

  const startNode = (name: string) =>
    spawnServer(
      {
        DATABASE_URL: databaseUrl,
        PETITION_SECRET: 'haproxy-test-secret-0123456789abcdef',
        PETITION_SEED: 'on',
        PETITION_TRUST_PROXY: '1',
        PETITION_BOT_CHECKS: 'off',
        PETITION_RATE_LIMIT: 'off',
        PETITION_LOG: 'off',
        // The server's default (a 2.5 s drain), which the documented check timings rely on.
        PETITION_SHUTDOWN_MS: '10000',
        PORT: String(ports[name]),
      },
      { fixtures: false },
    );
  const upIs = (name: string, expected: boolean) => async () =>
    isUp((await haproxy.servers())[name]) === expected;

  before(async () => {
    const binary = ensureHaproxy();
    databaseUrl = await freshPgDatabase();
    for (const name of ['a', 'b', 'front']) ports[name] = await freePort();
    // One after the other: the first migrates and seeds, as a deploy would.
    nodes.a = await startNode('a');
    nodes.b = await startNode('b');
    const config = pointAtLoopback(documentedConfig(), ports.front, { a: ports.a, b: ports.b });
    haproxy = await startHaproxy(binary, config, ports.front);
  });
  after(async () => {
    await haproxy?.stop();
    await Promise.all(Object.values(nodes).map((node) => node.stop()));
  });

  it('marks both nodes up with its health checks and serves through them', async () => {
    await waitFor(
      async () => {
        const servers = await haproxy.servers();
        return isUp(servers.a) && isUp(servers.b);
      },
      'both nodes up in HAProxy',
      { timeout: 10_000, every: 50 },
    );
    const ready = await fetch(`${haproxy.url}/readyz`);
    assert.equal(ready.status, 200);
    const campaign = await fetch(`${haproxy.url}/api/campaigns/el-salvador/counter`);
    assert.equal(campaign.status, 200);
  });

  it('loses nothing in a rolling restart of both nodes under 20 signers', {
    timeout: 60_000,
  }, async () => {
    const acknowledged = new Map<string, number>();
    let signing = true;
    let retries = 0;
    // Each signer signs new emails one after the other; a request without an answer (or a 5xx)
    // goes again with the same Idempotency-Key, as the widget does.
    const signer = async (index: number) => {
      for (let n = 0; signing; n++) {
        const { email, body } = crashSignature(index, n);
        for (let attempt = 0; ; attempt++) {
          const status = await trySign(haproxy.url, body, `rolling-${index}-${n}`);
          if (status) {
            acknowledged.set(email, status);
            break;
          }
          assert.ok(attempt < 50, `${email}: no answer in 50 attempts`);
          retries++;
          await pause(50);
        }
      }
    };
    const signers = Array.from({ length: SIGNERS }, (_, index) => signer(index));
    const answeredWhileAway: Record<string, number> = {};
    try {
      await waitFor(async () => acknowledged.size >= SIGNERS, 'the first signatures', {
        timeout: 5000,
        every: 50,
      });
      for (const name of ['a', 'b']) {
        const before = acknowledged.size;
        await nodes[name].stop();
        await waitFor(upIs(name, false), `HAProxy sees ${name} down`, {
          timeout: 10_000,
          every: 50,
        });
        nodes[name] = await startNode(name);
        await waitFor(upIs(name, true), `HAProxy sees ${name} up again`, {
          timeout: 10_000,
          every: 50,
        });
        answeredWhileAway[name] = acknowledged.size - before;
      }
      const settled = acknowledged.size;
      await waitFor(async () => acknowledged.size > settled, 'signatures after the restarts', {
        timeout: 5000,
        every: 50,
      });
    } finally {
      signing = false;
      await Promise.all(signers);
    }

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ email: string; n: string }>(
        'SELECT email, count(*) AS n FROM signatures WHERE flagged IS NULL GROUP BY email',
      );
      const stored = new Map(rows.map((row) => [row.email, Number(row.n)]));
      const lost = [...acknowledged.keys()].filter((email) => !stored.has(email));
      const twice = [...stored].filter(([, n]) => n > 1).map(([email]) => email);
      const { rows: counter } = await db.query<{ n: string }>(
        "SELECT signature_count AS n FROM campaigns WHERE slug = 'el-salvador'",
      );
      console.log(
        JSON.stringify({
          acknowledged: acknowledged.size,
          retries,
          answeredWhileAway,
          stored: stored.size,
        }),
      );
      assert.deepEqual(lost, [], 'every acknowledged signature is stored');
      assert.deepEqual(twice, [], 'none is stored twice');
      assert.deepEqual(
        [...acknowledged].filter(([, status]) => status !== 201),
        [],
        'every new email is answered 201 (a retry replays the first answer)',
      );
      assert.equal(Number(counter[0].n), stored.size, 'the stored counter matches the rows');
      for (const name of ['a', 'b'])
        assert.ok(answeredWhileAway[name] > 0, `signatures went on while ${name} restarted`);
    } finally {
      await db.end();
    }
  });
});
