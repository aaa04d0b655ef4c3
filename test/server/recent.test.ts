/**
 * People who just signed, with their consent, on both engines: `GET /api/campaigns/{slug}/recent`
 * shows first name, city and minutes ago of counted signatures whose supporter ticked
 * showInRecent, newest first, at most 20, cacheable for 10 s and readable from any origin; never
 * an unconsented name, a flagged row or one waiting for its email confirmation (until confirmed);
 * an erased row is gone from the next answer. The consent is on the signature's receipt.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RecentAnswer } from '../../server/contract/public.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { tokenFor, VERIFIED } from './confirmation-fixture.ts';
import { validBody } from './helpers.ts';

async function recent(app: TestApp, slug = app.campaign.slug): Promise<RecentAnswer['recent']> {
  const response = await app.request(`/api/campaigns/${slug}/recent`, {
    headers: { origin: 'https://partner.example' },
  });
  assert.equal(response.status, 200, await response.clone().text());
  return ((await response.json()) as RecentAnswer).recent;
}

const names = async (app: TestApp) => (await recent(app)).map(({ firstName }) => firstName);

async function idOf(app: TestApp, firstName: string): Promise<number> {
  const [row] = await app.query<{ id: number }>(
    'SELECT id FROM signatures WHERE first_name = ?',
    firstName,
  );
  return row.id;
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`recent signatures on ${engine}`, { skip }, () => {
    it('shows consented names only, newest first, with city and minutes ago', async () => {
      const app = await open();
      for (const [firstName, showInRecent] of [
        ['Amal', true],
        ['Hidden', false],
        ['Bruno', true],
        ['Left', undefined],
      ] as const) {
        const body = validBody({ firstName, city: `${firstName} City`, showInRecent });
        assert.equal((await app.sign(body)).status, 201);
      }
      const response = await app.request(`/api/campaigns/${app.campaign.slug}/recent`);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=10');
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const list = ((await response.json()) as RecentAnswer).recent;
      assert.deepEqual(list, [
        { firstName: 'Bruno', city: 'Bruno City', minutesAgo: 0 },
        { firstName: 'Amal', city: 'Amal City', minutesAgo: 0 },
      ]);
      // Nothing else of the person: no last name, no email.
      const text = JSON.stringify(list);
      assert.ok(!text.includes('Lovelace') && !text.includes('@'), text);
      const [receipt] = await app.query<{ show_in_recent: number }>(
        'SELECT show_in_recent FROM signatures WHERE first_name = ?',
        'Hidden',
      );
      assert.equal(receipt.show_in_recent, 0);
    });

    it('keeps the consent on the receipt the admin reads and in signatures.csv', async () => {
      const app = await open();
      await app.sign(validBody({ firstName: 'Shown', showInRecent: true }));
      await app.sign(validBody({ firstName: 'Kept' }));
      const page = await (await app.admin(`/campaigns/${app.campaign.slug}/signatures`)).json();
      const consent = Object.fromEntries(
        page.data.map((row: { firstName: string; consent: { showInRecent: boolean } }) => [
          row.firstName,
          row.consent.showInRecent,
        ]),
      );
      assert.deepEqual(consent, { Shown: true, Kept: false });
      const csv = await (await app.admin(`/campaigns/${app.campaign.slug}/signatures.csv`)).text();
      const [header, ...rows] = csv.trim().split(/\r?\n/);
      assert.ok(header.endsWith(',"show_in_recent"'), header);
      const last = rows.map((row) => row.split(',').at(-1)?.replaceAll('"', ''));
      assert.deepEqual(last.sort(), ['no', 'yes']);
    });

    it('never shows a flagged row, and shows it once counted', async () => {
      const app = await open();
      await app.sign(validBody({ firstName: 'Suspect', showInRecent: true }));
      const id = await idOf(app, 'Suspect');
      const flag = await app.admin(`/signatures/${id}`, {
        method: 'PATCH',
        json: { flagged: true, reason: 'looks scripted' },
      });
      assert.equal(flag.status, 200, await flag.clone().text());
      assert.deepEqual(await names(app), []);
      await app.admin(`/signatures/${id}`, { method: 'PATCH', json: { flagged: false } });
      assert.deepEqual(await names(app), ['Suspect']);
    });

    it('drops an erased signature from the very next answer', async () => {
      const app = await open();
      await app.sign(validBody({ firstName: 'Stays', showInRecent: true }));
      await app.sign(validBody({ firstName: 'Erased', showInRecent: true }));
      assert.deepEqual(await names(app), ['Erased', 'Stays']);
      const erased = await app.admin(`/signatures/${await idOf(app, 'Erased')}`, {
        method: 'DELETE',
      });
      assert.equal(erased.status, 200, await erased.clone().text());
      assert.deepEqual(await names(app), ['Stays']);
    });

    it('shows an unconfirmed signature only once its link is confirmed', async () => {
      const app = await open({ campaign: VERIFIED });
      const body = validBody({ firstName: 'Pending', showInRecent: true });
      assert.equal((await app.sign(body)).status, 200);
      assert.deepEqual(await names(app), []);
      const token = await tokenFor(app, body.email);
      assert.equal((await app.request(`/confirm/${token}`, { method: 'POST' })).status, 200);
      assert.deepEqual(await names(app), ['Pending']);
    });

    it('gives at most 20, the newest, in minutes ago', async () => {
      const app = await open();
      for (let n = 0; n < 22; n++)
        await app.sign(validBody({ firstName: `N${n}`, showInRecent: true }));
      // An hour and a half back for the oldest: minutes are whole, from the signing time.
      await app.query(
        'UPDATE signatures SET created_at = created_at - 5400000 WHERE first_name = ?',
        'N21',
      );
      const list = await recent(app);
      assert.equal(list.length, 20);
      assert.deepEqual(
        list.map(({ firstName }) => firstName),
        ['N20', ...Array.from({ length: 19 }, (_, i) => `N${19 - i}`)],
      );
      await app.query('UPDATE signatures SET created_at = created_at - 5400000');
      assert.ok((await recent(app)).every(({ minutesAgo }) => minutesAgo >= 90));
    });

    it('answers 404 for an unknown campaign', async () => {
      const app = await open();
      assert.equal((await app.request('/api/campaigns/no-such/recent')).status, 404);
    });
  });
}
