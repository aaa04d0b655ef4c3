/**
 * A goal that moves, on both engines: in auto mode the counter's goal steps up at its step (in
 * the signing answer, the counter read and its ETag), and the database records each goal reached
 * with its date, whichever path raised the total (a signature, an offset's jump, a confirmation),
 * once, kept through an erasure, also with two PostgreSQL nodes signing at once; a fixed goal is
 * recorded when reached. Goal settings refused in words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { tokenFor, VERIFIED } from './confirmation-fixture.ts';
import { validBody } from './helpers.ts';
import { freshPgDatabase, pgSkip, signatureRow } from './storage-fixture.ts';

const goals = async (app: TestApp) =>
  (await (await app.admin(`/campaigns/${app.campaign.slug}/goals`)).json()).data as {
    goal: number;
    total: number;
    reachedAt: string;
  }[];

const counter = (app: TestApp) => app.request(`/api/campaigns/${app.campaign.slug}/counter`);

async function patch(app: TestApp, json: Record<string, unknown>) {
  const response = await app.admin(`/campaigns/${app.campaign.slug}`, { method: 'PATCH', json });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`a goal that moves on ${engine}`, { skip }, () => {
    it('steps up at its step, in the answer, the counter and its ETag, and is recorded', async () => {
      const app = await open();
      // The demo's offset is 785: 97 puts the total three signatures below the first step.
      const set = await patch(app, { goalMode: 'auto', offset: 97, offsetReason: 'test' });
      assert.equal(set.goalMode, 'auto');
      assert.deepEqual(set.counter, {
        signatures: 0,
        offset: 97,
        total: 97,
        goal: 100,
        goalMode: 'auto',
      });
      await app.sign(validBody());
      const before = await counter(app);
      assert.equal((await before.json()).goal, 100);
      await app.sign(validBody());
      assert.deepEqual(await goals(app), [], 'no goal reached at 99');
      const started = Date.now();
      const third = await app.sign(validBody());
      assert.equal(third.status, 201);
      const answer = await third.json();
      assert.equal(answer.counter.total, 100);
      assert.equal(answer.counter.goal, 250, 'the signature that reached 100 sees the next goal');
      const after = await counter(app);
      assert.equal((await after.json()).goal, 250);
      assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
      const [reached, ...more] = await goals(app);
      assert.deepEqual(more, []);
      assert.equal(reached.goal, 100);
      assert.equal(reached.total, 100);
      const at = Date.parse(reached.reachedAt);
      assert.ok(at >= started - 1000 && at <= Date.now() + 1000, reached.reachedAt);
    });

    it('records each step a jump passes, each goal once, kept through an erasure', async () => {
      const app = await open();
      await patch(app, { goalMode: 'auto', offset: 99, offsetReason: 'test' });
      await app.sign(validBody());
      const jumped = await patch(app, { offset: 1300, offsetReason: 'paper signatures' });
      assert.equal(jumped.counter.goal, 2500);
      assert.deepEqual(
        (await goals(app)).map(({ goal, total }) => [goal, total]),
        [
          [100, 100],
          [250, 1301],
          [500, 1301],
          [1000, 1301],
        ],
      );
      const first = await goals(app);
      // Down below 1000 and up again: 1000 keeps the date it was first reached.
      await patch(app, { offset: 900, offsetReason: 'counted twice' });
      const [row] = await app.query<{ id: number }>('SELECT id FROM signatures');
      assert.equal((await app.admin(`/signatures/${row.id}`, { method: 'DELETE' })).status, 200);
      await patch(app, { offset: 1000, offsetReason: 'found again' });
      assert.deepEqual(await goals(app), first);
    });

    it("steps through the campaign's own steps, then the ladder", async () => {
      const app = await open();
      const set = await patch(app, {
        goalMode: 'auto',
        goalSteps: [300, 150, 150],
        offset: 149,
        offsetReason: 'test',
      });
      assert.deepEqual(set.goalSteps, [150, 300], 'kept sorted, without repeats');
      assert.equal(set.counter.goal, 150);
      const signed = await (await app.sign(validBody())).json();
      assert.equal(signed.counter.goal, 300);
      const past = await patch(app, { offset: 300, offsetReason: 'test' });
      assert.equal(past.counter.goal, 500, 'the ladder above the last step');
      assert.deepEqual(
        (await goals(app)).map(({ goal }) => goal),
        [150, 300],
      );
    });

    it('records a fixed goal when reached, and no step of the ladder', async () => {
      const app = await open();
      await patch(app, { goal: 800, offset: 799, offsetReason: 'test' });
      assert.deepEqual(await goals(app), []);
      const signed = await (await app.sign(validBody())).json();
      assert.deepEqual(signed.counter, {
        signatures: 1,
        offset: 799,
        total: 800,
        goal: 800,
        goalMode: 'fixed',
      });
      assert.deepEqual(
        (await goals(app)).map(({ goal, total }) => [goal, total]),
        [[800, 800]],
      );
    });

    it('records a goal a confirmation reaches, not the pending signature before it', async () => {
      const app = await open({ campaign: { ...VERIFIED, goalMode: 'auto', offset: 99 } });
      const body = validBody();
      assert.equal((await (await app.sign(body)).json()).counter.goal, 100, 'pending: not counted');
      assert.deepEqual(await goals(app), []);
      const token = await tokenFor(app, body.email);
      assert.equal((await app.request(`/confirm/${token}`, { method: 'POST' })).status, 200);
      assert.deepEqual(
        (await goals(app)).map(({ goal, total }) => [goal, total]),
        [[100, 100]],
      );
      assert.equal((await (await counter(app)).json()).goal, 250);
    });

    it('refuses goal settings it cannot use, in words, changing nothing', async () => {
      const app = await open();
      for (const json of [
        { goalMode: 'sometimes' },
        { goalSteps: [] },
        { goalSteps: [100, 2.5] },
        { goalSteps: Array.from({ length: 31 }, (_, n) => n + 1) },
      ]) {
        const response = await app.admin(`/campaigns/${app.campaign.slug}`, {
          method: 'PATCH',
          json,
        });
        assert.equal(response.status, 422, JSON.stringify(json));
        const problem = await response.json();
        const [field] = Object.keys(json);
        assert.match(problem.errors[0].message, /^Goal (mode|steps) (is|are) /);
        assert.equal(problem.errors[0].field, field);
      }
      const unchanged = await (await app.admin(`/campaigns/${app.campaign.slug}`)).json();
      assert.equal(unchanged.goalMode, 'fixed');
      assert.equal(unchanged.goalSteps, null);
    });
  });
}

describe('goals reached on two PostgreSQL nodes signing at once', { skip: pgSkip }, () => {
  it('records each step once, as one node or the other reached it', async () => {
    const url = await freshPgDatabase();
    const [a, b] = [await openPgStorage(url), await openPgStorage(url)];
    try {
      const campaign = await a.campaigns.create({ ...elSalvador, offset: 0, goalMode: 'auto' });
      const outcomes = await Promise.all(
        Array.from({ length: 300 }, (_, n) =>
          (n % 2 ? a : b).signatures.submit(signatureRow(campaign.id, n), null),
        ),
      );
      const goalsSeen = outcomes.map((outcome) =>
        outcome.kind === 'answer' ? JSON.parse(outcome.body).counter.goal : null,
      );
      // Every answer's goal is above its own total: never a full bar.
      assert.ok(goalsSeen.every((goal) => goal === 100 || goal === 250 || goal === 500));
      const history = await b.goalHistory(campaign.id);
      assert.deepEqual(
        history.map(({ goal }) => goal),
        [100, 250],
      );
      for (const { goal, total } of history) assert.ok(total >= goal && total <= 300);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
