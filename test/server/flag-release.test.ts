/**
 * Bulk release of a flag that says nothing of its client (POST .../flags/release, the CLI's
 * release-flagged; storage/flag-decision.ts, each engine's flags.ts), on each engine: every
 * unreviewed `rate_overflow` row counted and audited as a single release would be, a person
 * already counted (or counted by an earlier row of the release) left flagged, rows an admin kept
 * flagged and other flags left alone, across chunks; the counter and its ETag follow.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../server/cli/admin.ts';
import { expectProblem } from './admin-helpers.ts';
import { databaseOf } from './cli-fixture.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { silentIo, validBody } from './helpers.ts';

type Row = { id: number; flagged: string | null; email: string };

const patchFlag = { method: 'PATCH', json: { flagged: true, reason: 'set up' } };

/** A campaign with rows flagged rate_overflow as the older limiter left them, and their cousins. */
async function withOverflow(app: TestApp) {
  const idOf = async (email: string) =>
    (await app.query<Row>('SELECT id FROM signatures WHERE email = ? ORDER BY id DESC', email))[0]
      .id;
  const signed = async (email: string) => {
    assert.equal((await app.sign(validBody({ email }))).status, 201, email);
    return idOf(email);
  };
  const flagged = async (email: string) => {
    const id = await signed(email);
    assert.equal((await app.admin(`/signatures/${id}`, patchFlag)).status, 200);
    return id;
  };
  const overflow = ['o1@example.org', 'o2@example.org', 'o3@example.org'];
  const ids = {
    overflow: [] as number[],
    // Flagged, then the same person signed again and counts: this row must stay flagged.
    counted: await flagged('q@example.org'),
    countedAgain: await signed('q@example.org'),
    // Two flagged rows of one person nobody counts: the first is released, the second stays.
    first: await flagged('r@example.org'),
    second: 0,
    kept: await flagged('k@example.org'),
    burst: await flagged('b@example.org'),
  };
  for (const email of overflow) ids.overflow.push(await flagged(email));
  await signed('r@example.org');
  ids.second = await idOf('r@example.org');
  assert.equal((await app.admin(`/signatures/${ids.second}`, patchFlag)).status, 200);
  const set = (flag: string, list: number[]) =>
    app.query(
      `UPDATE signatures SET flagged = '${flag}', reviewed_at = NULL WHERE id IN (${list.join(',')})`,
    );
  await set('rate_overflow', [...ids.overflow, ids.counted, ids.first, ids.second, ids.kept]);
  await set('rate_burst', [ids.burst]);
  // An admin looked at this one and kept it flagged.
  const keep = { method: 'PATCH', json: { flagged: true, reason: 'same phone as a bot' } };
  assert.equal((await app.admin(`/signatures/${ids.kept}`, keep)).status, 200);
  return ids;
}

const counterOf = async (app: TestApp) => {
  const response = await app.request(`/api/campaigns/${app.campaign.slug}/counter`);
  return { etag: response.headers.get('etag'), ...(await response.json()) };
};

const flagOf = async (app: TestApp, id: number) =>
  (await app.query<Row>('SELECT flagged FROM signatures WHERE id = ?', id))[0].flagged;

const release = (app: TestApp, json: unknown) =>
  app.admin(`/campaigns/${app.campaign.slug}/flags/release`, { method: 'POST', json });

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`bulk release of rate_overflow on ${engine}`, { skip }, () => {
    it('counts each unreviewed row as a single release would; a person counted already stays flagged', async () => {
      const app = await open();
      const ids = await withOverflow(app);
      const before = await counterOf(app);
      assert.equal(before.signatures, 1, 'only q counts');
      const hook = await app.admin('/webhooks', {
        method: 'POST',
        json: { url: 'https://crm.example.org/hook', events: ['signature.created'] },
      });
      assert.equal(hook.status, 201);
      const { id: hookId } = await hook.json();

      const answer = await release(app, { flag: 'rate_overflow', reason: 'After the flood' });
      assert.equal(answer.status, 200);
      const body = await answer.json();
      assert.deepEqual(
        { ...body, counter: body.counter.signatures },
        { flag: 'rate_overflow', released: 4, stillFlagged: 2, counter: 5 },
      );
      const after = await counterOf(app);
      assert.equal(after.signatures, 5);
      assert.notEqual(after.etag, before.etag, 'the ETag moved');
      const stored = await app.query<{ n: number }>('SELECT signature_count AS n FROM campaigns');
      assert.equal(stored[0].n, await app.count('flagged IS NULL'));

      for (const id of [...ids.overflow, ids.first]) assert.equal(await flagOf(app, id), null);
      assert.equal(await flagOf(app, ids.counted), 'rate_overflow', 'q counts already');
      assert.equal(await flagOf(app, ids.second), 'rate_overflow', 'r counted by its first row');
      assert.equal(await flagOf(app, ids.kept), 'rate_overflow', 'kept after review');
      assert.equal(await flagOf(app, ids.burst), 'rate_burst', 'another flag');

      const audit = (await (await app.admin(`/campaigns/${app.campaign.slug}/audit`)).json()).data;
      const unflags = audit.filter((entry: { action: string }) => entry.action === 'unflag');
      assert.deepEqual(
        unflags.map((entry: { signatureId: number; flag: string; reason: string }) => [
          entry.signatureId,
          entry.flag,
          entry.reason,
        ]),
        [...ids.overflow, ids.first]
          .sort((a, b) => a - b)
          .map((id) => [id, 'rate_overflow', 'After the flood']),
      );

      // Hooks hear of each row counted, as they would have had it not been flagged.
      const deliveries = (await (await app.admin(`/webhooks/${hookId}/deliveries`)).json()).data;
      assert.deepEqual(
        deliveries.map((delivery: { event: string }) => delivery.event),
        Array(4).fill('signature.created'),
      );

      // Again: nothing left to release, the two stay as they are.
      const again = await (await release(app, { flag: 'rate_overflow' })).json();
      assert.deepEqual([again.released, again.stillFlagged], [0, 2]);
    });

    it('refuses any other flag, a bad body and an unknown campaign, changing nothing', async () => {
      const app = await open();
      await withOverflow(app);
      for (const json of [
        { flag: 'rate_burst' },
        { flag: 'honeypot' },
        {},
        { flag: 'rate_overflow', x: 1 },
      ])
        await expectProblem(await release(app, json), 422);
      const unknown = await app.admin('/campaigns/nowhere/flags/release', {
        method: 'POST',
        json: { flag: 'rate_overflow' },
      });
      await expectProblem(unknown, 404);
      assert.equal((await counterOf(app)).signatures, 1);
    });

    it('releases thousands across chunks, and from the CLI', async () => {
      const app = await open();
      await app.insertRows(6000);
      // The 600 flagged rows of the bulk rows, as the older limiter would have flagged them.
      await app.query("UPDATE signatures SET flagged = 'rate_overflow' WHERE flagged IS NOT NULL");
      const { lines, io } = silentIo();
      const env = databaseOf(app);
      const args = ['release-flagged', app.campaign.slug, '--reason', 'After the flood'];
      assert.equal(await main([...args, '--flag', 'honeypot'], env, io), 2, 'only rate_overflow');
      assert.equal(await main([...args, '--flag', 'rate_overflow'], env, io), 0);
      assert.match(
        lines.join('\n'),
        /600 signature\(s\) flagged rate_overflow now counted, 0 left/,
      );
      assert.equal(await app.count('flagged IS NOT NULL'), 0);
      const stored = await app.query<{ n: number }>('SELECT signature_count AS n FROM campaigns');
      assert.equal(stored[0].n, 6000);
    });
  });
}
