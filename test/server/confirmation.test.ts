/**
 * Email confirmation through the API, on both engines: a signature of a verified campaign waits
 * (pending, not counted) with its mail in the outbox; the answer is the same whatever the address
 * has done before; the link's GET shows a page and confirms nothing, its POST confirms and counts
 * once; used, expired, unknown and damaged links each get their page and their 4xx; a pending
 * address signing again gets its mail again (never a second row, at most three a day).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import { readConfirmationToken } from '../../server/mail/confirmation-token.ts';
import { mailsOf, tokenFor, VERIFIED } from './confirmation-fixture.ts';
import { keyedHash } from '../../server/secrets/crypto.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { validBody } from './helpers.ts';

const total = async (app: TestApp) =>
  (await (await app.request('/api/campaigns/el-salvador/counter')).json()).total;

/** The signature row of an address. */
const rowOf = async (app: TestApp, email: string) =>
  (
    await app.query<{ id: number; pending: number; confirmed_at: number | null }>(
      'SELECT id, pending, confirmed_at FROM signatures WHERE email = ?',
      email,
    )
  )[0];

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`email confirmation on ${engine}`, { skip }, () => {
    it('a signature waits for its confirmation: 200 check_email, pending, not counted, one mail', async () => {
      const app = await open({ campaign: VERIFIED });
      const before = await total(app);
      const body = validBody();
      const answer = await app.sign(body);
      assert.equal(answer.status, 200);
      const json = await answer.json();
      assert.equal(json.status, 'check_email');
      assert.equal(json.counter.total, before, 'not counted');
      assert.equal(await total(app), before);
      const row = await rowOf(app, body.email);
      assert.equal(row.pending, 1);
      assert.equal(row.confirmed_at, null);
      const mails = await mailsOf(app);
      assert.equal(mails.length, 1);
      assert.equal(mails[0].kind, 'confirm');
      assert.equal(mails[0].signature_id, row.id);
      assert.equal(mails[0].state, 'pending');
      // The database keeps the token's hash, never the token itself.
      const token = await tokenFor(app, body.email);
      const stored = await app.query<{ hash: string }>('SELECT hash FROM confirmation_tokens');
      assert.equal(stored.length, 1);
      assert.equal(stored[0].hash, readConfirmationToken(app.secret, token));
      assert.notEqual(stored[0].hash, token);
    });

    it('answers alike whether the address is new, pending or confirmed, so a stranger learns nothing', async () => {
      const app = await open({ campaign: VERIFIED });
      const confirmed = validBody();
      await app.sign(confirmed);
      const token = await tokenFor(app, confirmed.email);
      assert.equal((await app.request(`/confirm/${token}`, { method: 'POST' })).status, 200);
      const pending = validBody();
      await app.sign(pending);
      const seen = async (body: ReturnType<typeof validBody>) => {
        const response = await app.sign(body);
        return {
          status: response.status,
          type: response.headers.get('content-type'),
          body: await response.text(),
        };
      };
      const asNew = await seen(validBody());
      const asPending = await seen(pending);
      const asConfirmed = await seen(confirmed);
      assert.deepEqual(asPending, asNew);
      assert.deepEqual(asConfirmed, asNew);
      assert.equal(await app.count(`email = '${confirmed.email}'`), 1, 'never a second row');
      // The mail tells the owner what the answer does not.
      const kinds = (await mailsOf(app)).map((mail) => mail.kind);
      assert.deepEqual(kinds, ['confirm', 'confirm', 'confirm', 'confirm', 'already_signed']);
    });

    it('a GET shows the page and confirms nothing; only the POST confirms, and counts once', async () => {
      const app = await open({ campaign: VERIFIED });
      const before = await total(app);
      const body = validBody();
      await app.sign(body);
      const token = await tokenFor(app, body.email);
      for (const method of ['GET', 'HEAD', 'GET']) {
        const page = await app.request(`/confirm/${token}?lang=en`, { method });
        assert.equal(page.status, 200);
        const text = await page.text();
        if (method === 'GET') {
          assert.match(text, /<form method="post" action="\/confirm\/[\w-]{33}\?lang=en">/);
          assert.match(text, /Confirm my signature/);
          assert.match(text, new RegExp(elSalvador.texts.en!.title));
          assert.doesNotMatch(text, /<script/i);
        }
        const csp = page.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'none'/);
        assert.match(csp, /form-action 'self'/);
        assert.doesNotMatch(csp, /script-src/);
      }
      assert.equal((await rowOf(app, body.email)).pending, 1, 'a GET confirmed nothing');
      assert.equal(await total(app), before);

      const confirmed = await app.request(`/confirm/${token}?lang=en`, { method: 'POST' });
      assert.equal(confirmed.status, 200);
      assert.match(await confirmed.text(), /your signature counts/);
      const row = await rowOf(app, body.email);
      assert.equal(row.pending, 0);
      assert.ok(row.confirmed_at! > 0);
      assert.equal(await total(app), before + 1);
      const listed = (await (await app.admin('/campaigns/el-salvador/signatures')).json()).data;
      assert.equal(listed[0].pending, false);
      assert.equal(listed[0].consent.confirmedAt, new Date(row.confirmed_at!).toISOString());
    });

    it('a link used twice says already confirmed (409) and counts once', async () => {
      const app = await open({ campaign: VERIFIED });
      const before = await total(app);
      const body = validBody();
      await app.sign(body);
      await app.sign(body);
      const [first, second] = (await mailsOf(app)).map((mail) => JSON.parse(mail.payload!).token);
      assert.notEqual(first, second, 'each mail its own link');
      assert.equal((await app.request(`/confirm/${first}`, { method: 'POST' })).status, 200);
      for (const token of [first, second]) {
        for (const method of ['POST', 'GET']) {
          const again = await app.request(`/confirm/${token}?lang=en`, { method });
          assert.equal(again.status, 409, `${method} ${token === first ? 'first' : 'second'}`);
          assert.match(await again.text(), /Already confirmed/);
        }
      }
      assert.equal(await total(app), before + 1);
    });

    it('expired (410), unknown (404) and damaged (400) links get a page saying which, in the reader’s language', async () => {
      const app = await open({ campaign: VERIFIED });
      const body = validBody({ lang: 'fr' });
      await app.sign(body);
      const token = await tokenFor(app, body.email);
      // The link carries the signature's language; the browser's comes next.
      const german = { headers: { 'accept-language': 'de-CH,de;q=0.9' } };
      const page = await app.request(`/confirm/${token}`, german);
      assert.match(await page.text(), /Bestätigen Sie Ihre Unterschrift/);
      assert.match(await (await app.request(`/confirm/${token}?lang=fr`)).text(), /Confirmez/);

      await app.query('UPDATE confirmation_tokens SET expires_at = ?', Date.now() - 1);
      const expired = await app.request(`/confirm/${token}?lang=fr`, { method: 'POST' });
      assert.equal(expired.status, 410);
      assert.match(await expired.text(), /Ce lien a expiré/);
      assert.equal((await rowOf(app, body.email)).pending, 1, 'an expired link confirms nothing');

      // Well made (its MAC is right) but no signature waits for it.
      const random = 'A'.repeat(22);
      const madeHere = random + keyedHash(app.secret, 'confirm', random).slice(0, 11);
      const notKnown = await app.request(`/confirm/${madeHere}?lang=es`);
      assert.equal(notKnown.status, 404);
      assert.match(await notKnown.text(), /No conocemos este enlace/);

      for (const damaged of [
        token.slice(0, -1),
        // Its last character changed (to one it is not: a token ends in x one time in 64).
        `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
        'nothing',
        `${token}ab`,
      ]) {
        const answer = await app.request(`/confirm/${encodeURIComponent(damaged)}`, {
          method: 'POST',
          headers: { 'accept-language': 'ar' },
        });
        assert.equal(answer.status, 400, damaged);
        const text = await answer.text();
        assert.match(text, /dir="rtl"/);
        assert.match(text, /هذا الرابط تالف/);
      }
    });

    it('a pending address signing again gets the mail again, at most three a day; never a second row', async () => {
      const app = await open({ campaign: VERIFIED });
      const body = validBody();
      for (let n = 0; n < 5; n++) assert.equal((await app.sign(body)).status, 200);
      assert.equal(await app.count(`email = '${body.email}'`), 1);
      const mails = await mailsOf(app);
      assert.equal(mails.length, 3, 'three mails, then none that day');
      assert.ok(mails.every((mail) => mail.kind === 'confirm'));
      // Another address is not held back by this one.
      await app.sign(validBody());
      assert.equal((await mailsOf(app)).length, 4);
    });

    it('an Idempotency-Key replay answers the first answer and writes nothing more', async () => {
      const app = await open({ campaign: VERIFIED });
      const body = validBody();
      const key = { 'idempotency-key': 'confirm-replay-0001' };
      const first = await app.sign(body, key);
      const again = await app.sign(body, key);
      assert.equal(again.status, first.status);
      assert.equal(await again.text(), await first.text());
      assert.equal((await mailsOf(app)).length, 1);
    });
  });
}
