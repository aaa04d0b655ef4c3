/**
 * Email confirmation as admins meet it, on both engines: campaigns ask for it by default and say
 * so; an open verified campaign is refused on a server that cannot mail; pending rows stay out of
 * the count, the delivery export and a partner's reach, while the full export marks them and the
 * confirmation time; stats show pending, confirmed, the rate; flags and erasure count right; the
 * widget's "Send it again" answers alike whatever the address.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import { mailsOf, tokenFor, VERIFIED } from './confirmation-fixture.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { cli, databaseOf } from './cli-fixture.ts';
import { validBody } from './helpers.ts';
import { waitFor } from '../wait-for.ts';

const resend = (app: TestApp, body: unknown) =>
  app.request('/api/campaigns/el-salvador/signatures/resend', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const confirm = async (app: TestApp, email: string) => {
  const answer = await app.request(`/confirm/${await tokenFor(app, email)}`, { method: 'POST' });
  assert.equal(answer.status, 200);
};

const csv = async (app: TestApp, kind: string) =>
  (await (await app.admin(`/campaigns/el-salvador/${kind}.csv`)).text())
    .trim()
    .split('\r\n')
    // Every cell is quoted, none here holds a comma or a quote.
    .map((line) => line.split(',').map((cell) => cell.replace(/^"(.*)"$/, '$1')));

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`email confirmation for admins on ${engine}`, { skip }, () => {
    it('new campaigns ask for it by default; PATCH changes it; the widget is told', async () => {
      const app = await open();
      const { texts, defaultLang, target } = elSalvador;
      const created = await app.admin('/campaigns', {
        method: 'POST',
        json: { slug: 'fresh', target, defaultLang, texts, status: 'open' },
      });
      assert.equal(created.status, 201);
      assert.equal((await created.json()).verification, 'email');
      const changed = await app.admin('/campaigns/fresh', {
        method: 'PATCH',
        json: { verification: 'none', senderName: 'Amnesty Canada' },
      });
      const view = await changed.json();
      assert.equal(view.verification, 'none');
      assert.equal(view.senderName, 'Amnesty Canada');
      const wrong = await app.admin('/campaigns/fresh', {
        method: 'PATCH',
        json: { verification: 'sms', senderName: 'A <b@c.d>' },
      });
      assert.equal(wrong.status, 422);
      const fields = (await wrong.json()).errors.map((e: { field: string }) => e.field).sort();
      assert.deepEqual(fields, ['senderName', 'verification']);
      const widget = await (await app.request('/api/campaigns/fresh')).json();
      assert.equal(widget.verification, 'none');
    });

    it('the CLI sets a campaign’s verification, as the API does', async () => {
      const app = await open();
      const run = (...args: string[]) => cli(databaseOf(app), ...args);
      const set = await run('set-verification', 'el-salvador', 'email');
      assert.equal(set.code, 0, set.stderr);
      assert.match(set.stdout, /Verification of el-salvador: none -> email\./);
      // SQLite's admin routes read the CLI's commit at once; a PostgreSQL node hears it by NOTIFY.
      await waitFor(
        async () =>
          (await (await app.admin('/campaigns/el-salvador')).json()).verification === 'email',
        'the CLI’s change',
      );
      const wrong = await run('set-verification', 'el-salvador', 'sms');
      assert.equal(wrong.code, 2);
      assert.match(
        wrong.stderr,
        /^set-verification: verification is not valid \(.*"none"\|"email"/,
      );
    });

    it('refuses to open a verified campaign on a server that cannot send mail', async () => {
      const app = await open({ settings: { HOST: '0.0.0.0' } });
      const { texts, defaultLang, target } = elSalvador;
      const open_ = await app.admin('/campaigns', {
        method: 'POST',
        json: { slug: 'nomail', target, defaultLang, texts, status: 'open' },
      });
      assert.equal(open_.status, 422);
      assert.match((await open_.json()).detail, /PETITION_SMTP_URL/);
      const draft = await app.admin('/campaigns', {
        method: 'POST',
        json: { slug: 'nomail', target, defaultLang, texts },
      });
      assert.equal(draft.status, 201, 'a draft may ask for it: SMTP can be set before it opens');
      const opening = await app.admin('/campaigns/nomail', {
        method: 'PATCH',
        json: { status: 'open' },
      });
      assert.equal(opening.status, 422);
      const unverified = await app.admin('/campaigns/nomail', {
        method: 'PATCH',
        json: { status: 'open', verification: 'none' },
      });
      assert.equal(unverified.status, 200);
    });

    it('keeps pending rows out of the count, the delivery export and partners; marks them in the full export; stats tell', async () => {
      const app = await open({ campaign: VERIFIED });
      const partner = await app.admin('/campaigns/el-salvador/partners', {
        method: 'POST',
        json: {
          slug: 'oxfam',
          name: 'Oxfam',
          privacyUrl: 'https://oxfam.example/privacy',
          optInText: { en: 'Oxfam may email me.' },
        },
      });
      assert.equal(partner.status, 201);
      const bodies = [1, 2, 3].map((n) =>
        validBody({ firstName: `P${n}`, partner: 'oxfam', partnerOptIn: true, optIn: true }),
      );
      for (const body of bodies) assert.equal((await app.sign(body)).status, 200);
      await confirm(app, bodies[0].email);
      const counter = (await (await app.admin('/campaigns/el-salvador')).json()).counter;
      assert.equal(counter.signatures, 1);

      const delivery = await csv(app, 'delivery');
      assert.deepEqual(
        delivery.slice(1).map((line) => line[0]),
        ['P1 Lovelace'],
        'confirmed rows only',
      );
      const full = await csv(app, 'signatures');
      const at = (name: string) => full[0].indexOf(name);
      assert.equal(full.length, 4, 'every row in the full export');
      const rows = full.slice(1).map((line) => [line[at('first_name')], line[at('pending')]]);
      assert.deepEqual(rows, [
        ['P1', 'no'],
        ['P2', 'yes'],
        ['P3', 'yes'],
      ]);
      assert.ok(!Number.isNaN(Date.parse(full[1][at('confirmed_at')])));
      assert.equal(full[2][at('confirmed_at')], '');

      const key = await (
        await app.admin('/keys', {
          method: 'POST',
          json: { label: 'Oxfam', partner: 'oxfam', campaign: 'el-salvador' },
        })
      ).json();
      const seen = await (
        await app.admin('/campaigns/el-salvador/signatures', { key: key.key })
      ).json();
      assert.deepEqual(
        seen.data.map((row: { firstName: string }) => row.firstName),
        ['P1'],
        'an opt-in counts as given once confirmed',
      );
      const partnerCsv = await (
        await app.admin('/campaigns/el-salvador/signatures.csv', { key: key.key })
      ).text();
      assert.equal(partnerCsv.trim().split('\r\n').length, 2);

      const stats = await (await app.admin('/campaigns/el-salvador/stats')).json();
      assert.equal(stats.signatures, 1);
      assert.equal(stats.pending, 2);
      assert.equal(stats.confirmed, 1);
      assert.equal(stats.confirmationRate, 0.3333);
      assert.equal(stats.optedIn, 1);
      assert.deepEqual(
        stats.byDay.map((day: { signatures: number; pending: number }) => [
          day.signatures,
          day.pending,
        ]),
        [[1, 2]],
      );
      // Confirmed after a first look at the stats: the kept tally moves the row into the count.
      await confirm(app, bodies[1].email);
      const later = await (await app.admin('/campaigns/el-salvador/stats')).json();
      assert.deepEqual([later.signatures, later.pending, later.confirmed], [2, 1, 2]);
    });

    it('flags and erasure count right: a release waits for the confirmation, an erased pending row was never counted', async () => {
      const app = await open({ campaign: VERIFIED });
      const body = validBody();
      await app.sign(body);
      const [{ id }] = await app.query<{ id: number }>('SELECT id FROM signatures');
      const flag = await app.admin(`/signatures/${id}`, {
        method: 'PATCH',
        json: { flagged: true, reason: 'checking' },
      });
      assert.equal(flag.status, 200);
      const count = async () =>
        (await (await app.admin('/campaigns/el-salvador')).json()).counter.signatures;
      assert.equal(await count(), 0, 'flagging a pending row takes nothing from the count');
      await confirm(app, body.email);
      assert.equal(await count(), 0, 'confirmed but flagged: not counted');
      const release = await app.admin(`/signatures/${id}`, {
        method: 'PATCH',
        json: { flagged: false },
      });
      assert.equal(release.status, 200);
      assert.equal(await count(), 1, 'released and confirmed: counted');

      const pending = validBody();
      await app.sign(pending);
      const [{ id: pendingId }] = await app.query<{ id: number }>(
        'SELECT id FROM signatures WHERE email = ?',
        pending.email,
      );
      assert.equal((await app.admin(`/signatures/${pendingId}`, { method: 'DELETE' })).status, 200);
      assert.equal(await count(), 1, 'the erased pending row was never counted');
      assert.equal((await mailsOf(app)).filter((m) => m.signature_id === pendingId).length, 0);
      const tokens = await app.query(
        'SELECT hash FROM confirmation_tokens WHERE signature_id = ?',
        pendingId,
      );
      assert.equal(tokens.length, 0, 'its link is gone with it');
      assert.equal((await app.admin(`/signatures/${id}`, { method: 'DELETE' })).status, 200);
      assert.equal(await count(), 0);
    });

    it('"Send it again" answers 202 alike whatever the address, and mails only an address that signed', async () => {
      const app = await open({ campaign: VERIFIED });
      const pending = validBody();
      const confirmed = validBody();
      await app.sign(pending);
      await app.sign(confirmed);
      await confirm(app, confirmed.email);
      const before = (await mailsOf(app)).length;
      const answers = [];
      for (const email of [pending.email, confirmed.email, validBody().email]) {
        const answer = await resend(app, { email, lang: 'fr' });
        answers.push([answer.status, await answer.text()]);
      }
      assert.deepEqual(answers, Array(3).fill([202, '{"status":"check_email"}']));
      const kinds = (await mailsOf(app)).slice(before).map((mail) => [mail.kind, mail.recipient]);
      assert.deepEqual(kinds, [
        ['confirm', pending.email],
        ['already_signed', confirmed.email],
      ]);
      const payload = JSON.parse((await mailsOf(app))[before].payload!);
      assert.equal(payload.lang, 'fr', 'in the language asked for');
      // Three a day: the signature's mail, this one, one more; then nothing.
      for (let n = 0; n < 3; n++) await resend(app, { email: pending.email });
      const toPending = (await mailsOf(app)).filter((mail) => mail.recipient === pending.email);
      assert.equal(toPending.length, 3);
      const bad = await resend(app, { email: 'not an address' });
      assert.equal(bad.status, 422);
      assert.doesNotMatch(await bad.text(), /not an address/);
    });
  });
}
