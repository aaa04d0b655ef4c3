/**
 * The public API over `app.request()`, on each engine: a real migrated SQLite file, and a fresh
 * PostgreSQL database. One test body; the answers must be the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { issueFormToken } from '../../server/secrets/crypto.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { minuteWithRoom, validBody } from './helpers.ts';

const PROBLEM = 'application/problem+json';

async function problem(response: Response, status: number) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), PROBLEM);
  const body = await response.json();
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  return body;
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`public API on ${engine}`, { skip }, () => {
    describe('GET /api/campaigns/:slug', () => {
      it('returns texts, fields, consent version, a form token and the counter in one answer', async () => {
        const app = await open();
        const response = await app.request('/api/campaigns/el-salvador?lang=en');
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('access-control-allow-origin'), '*');
        const body = await response.json();
        assert.equal(body.target, 'Government of El Salvador');
        assert.match(body.texts.deliveryNote, /only your name and city/);
        assert.deepEqual(body.counter, {
          signatures: 0,
          offset: 785,
          total: 785,
          goal: null,
          goalMode: 'fixed',
        });
        assert.match(body.formToken, /^[0-9a-z]+\.[0-9a-z]+\.[\w-]{22}$/);
        assert.match(body.consentVersion, /^[0-9a-f]{16}$/);
      });

      it("answers in the first of the reader's languages it has, campaign and interface alike", async () => {
        const app = await open();
        const french = await (await app.request('/api/campaigns/el-salvador?lang=fr-CA,en')).json();
        assert.equal(french.lang, 'fr');
        assert.match(french.texts.deliveryNote, /uniquement votre nom et votre ville/);
        assert.equal(french.strings.submit, 'Signer la pétition');
        assert.deepEqual(french.languages, ['en', 'fr', 'es', 'de', 'ar']);
        const arabic = await (await app.request('/api/campaigns/el-salvador?lang=sv,ar-EG')).json();
        assert.equal(arabic.lang, 'ar');
        assert.equal(arabic.strings.dir, 'rtl');
        assert.equal(
          arabic.texts.strings,
          undefined,
          "the campaign's own wording is merged into strings",
        );
      });

      it("falls back whole to the campaign's default when it lacks every language asked for", async () => {
        const app = await open();
        const italian = await (
          await app.request('/api/campaigns/el-salvador?lang=it-IT,it')
        ).json();
        assert.equal(italian.lang, 'en');
        assert.equal(
          italian.strings.submit,
          'Sign the petition',
          'the interface too, not Italian buttons',
        );
        assert.equal(italian.strings.heading, 'Add Your Name', "with the campaign's own wording");
        assert.match(italian.texts.callToAction, /^Call on El Salvador/);
      });

      it('404s an unknown campaign and a draft one', async () => {
        const app = await open();
        await problem(await app.request('/api/campaigns/nope'), 404);
        await app.campaigns.update(app.campaign.id, { status: 'draft' });
        await problem(await app.request('/api/campaigns/el-salvador'), 404);
      });
    });

    describe('POST /api/campaigns/:slug/signatures', () => {
      it('stores a signature, answers 201 with the new counter, and the counter agrees', async () => {
        const app = await open();
        const response = await app.sign(validBody({ optIn: true, lang: 'en' }));
        assert.equal(response.status, 201);
        assert.deepEqual(await response.json(), {
          status: 'signed',
          counter: { signatures: 1, offset: 785, total: 786, goal: null, goalMode: 'fixed' },
        });
        assert.equal(await app.count(), 1);
        const [row] = await app.query('SELECT * FROM signatures');
        assert.equal(row.opt_in, 1);
        assert.equal(row.lang, 'en');
        assert.match(String(row.consent_hash), /^[0-9a-f]{16}$/);
        assert.equal(typeof row.created_at, 'number');
        const counter = await (await app.request('/api/campaigns/el-salvador/counter')).json();
        assert.equal(counter.total, 786);
      });

      it('takes the four fields alone: an opt-in left out is an opt-in not given', async () => {
        const app = await open();
        const { optIn: _left, ...minimal } = validBody();
        const response = await app.sign(minimal);
        assert.equal(response.status, 201);
        const [row] = await app.query('SELECT opt_in, partner_opt_in FROM signatures');
        assert.equal(row.opt_in, 0);
        assert.equal(row.partner_opt_in, 0);
      });

      it('normalises: trims, NFC, lower-cases the email domain', async () => {
        const app = await open();
        const response = await app.sign(
          validBody({ firstName: '  Jose\u0301 ', email: ' Ana@EXAMPLE.Org ' }),
        );
        assert.equal(response.status, 201);
        const [row] = await app.query('SELECT first_name, email FROM signatures');
        assert.equal(row.first_name, 'Jos\u00e9');
        assert.equal(row.email, 'Ana@example.org');
      });

      it('counts one person once: a repeat is 200 already_signed and not counted', async () => {
        const app = await open();
        const body = validBody();
        assert.equal((await app.sign(body)).status, 201);
        const again = await app.sign({ ...body, email: body.email.toUpperCase(), city: 'Paris' });
        assert.equal(again.status, 200);
        const answer = await again.json();
        assert.equal(answer.status, 'already_signed');
        assert.equal(answer.counter.signatures, 1);
        assert.equal(await app.count(), 1);
      });

      it('replays an Idempotency-Key byte for byte and stores nothing new', async () => {
        const app = await open();
        const body = JSON.stringify(validBody());
        const first = await app.sign(body, { 'idempotency-key': 'key-000001' });
        const firstText = await first.text();
        await app.sign(validBody());
        const replay = await app.sign(body, { 'idempotency-key': 'key-000001' });
        assert.equal(replay.status, 201);
        assert.equal(await replay.text(), firstText);
        assert.equal(await app.count(), 2);
      });

      it('refuses an Idempotency-Key reused with another body (422)', async () => {
        const app = await open();
        await app.sign(validBody(), { 'idempotency-key': 'key-000002' });
        const body = await problem(
          await app.sign(validBody(), { 'idempotency-key': 'key-000002' }),
          422,
        );
        assert.equal(body.errors[0].field, 'Idempotency-Key');
        assert.equal(await app.count(), 1);
      });

      it('400s malformed JSON and non-object JSON', async () => {
        const app = await open();
        await problem(await app.sign('{"firstName": '), 400);
        await problem(await app.sign('[1,2]'), 400);
        await problem(await app.sign('null'), 400);
        assert.equal(await app.count(), 0);
      });

      it('413s a body over the limit before reading it whole', async () => {
        const app = await open();
        await problem(await app.sign(validBody({ city: 'x'.repeat(1024 * 1024) })), 413);
        assert.equal(await app.count(), 0);
      });

      it('415s anything but JSON', async () => {
        const app = await open();
        const response = await app.request('/api/campaigns/el-salvador/signatures', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify(validBody()),
        });
        await problem(response, 415);
      });

      it('422s per field without echoing a value', async () => {
        const app = await open();
        const hostile = '<script>alert(1)</script>';
        const response = await app.sign({
          firstName: hostile,
          lastName: '',
          email: `${hostile}no-at-sign`,
          optIn: 'yes',
        });
        const body = await problem(response, 422);
        const byField = Object.fromEntries(
          body.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
        );
        assert.equal(
          byField.firstName,
          undefined,
          'HTML in a name is stored escaped on output, not refused',
        );
        assert.equal(byField.lastName, 'required');
        assert.equal(byField.email, 'invalid');
        assert.equal(byField.city, 'required');
        assert.equal(byField.optIn, 'invalid');
        assert.ok(!JSON.stringify(body).includes('script'), 'no echo of the input');
        assert.equal(await app.count(), 0);
      });

      it('refuses control characters and over-long names', async () => {
        const app = await open();
        for (const firstName of ['Ada\u0000', 'Ada\u202e', 'x'.repeat(101), '\ud800']) {
          const body = await problem(await app.sign(validBody({ firstName })), 422);
          assert.equal(body.errors[0].field, 'firstName');
        }
      });

      it('requires the optional fields the campaign asks for', async () => {
        const app = await open();
        await app.campaigns.update(app.campaign.id, { fields: ['postalCode'] });
        const body = await problem(await app.sign(validBody()), 422);
        assert.deepEqual(
          body.errors.map((error: { field: string }) => error.field),
          ['postalCode'],
        );
        assert.equal((await app.sign(validBody({ postalCode: 'H2X 1Y4' }))).status, 201);
      });

      it('404s an unknown campaign, 409s a closed one', async () => {
        const app = await open();
        await problem(await app.sign(validBody(), {}, 'nope'), 404);
        await app.campaigns.update(app.campaign.id, { status: 'closed' });
        await problem(await app.sign(validBody()), 409);
        assert.equal(await app.count(), 0);
      });
    });

    describe('counter', () => {
      it('answers 304 to a matching If-None-Match, 200 after a change', async () => {
        const app = await open();
        const first = await app.request('/api/campaigns/el-salvador/counter');
        const etag = first.headers.get('etag')!;
        assert.ok(etag);
        assert.match(first.headers.get('cache-control')!, /max-age=\d+/);
        const same = await app.request('/api/campaigns/el-salvador/counter', {
          headers: { 'if-none-match': etag },
        });
        assert.equal(same.status, 304);
        await app.sign(validBody());
        const changed = await app.request('/api/campaigns/el-salvador/counter', {
          headers: { 'if-none-match': etag },
        });
        assert.equal(changed.status, 200);
        assert.equal((await changed.json()).signatures, 1);
      });

      it('agrees with the rows after a restart', async () => {
        const first = await open();
        for (let i = 0; i < 5; i++) await first.sign(validBody());
        await first.close();
        const second = await open({ location: first.location });
        const [stored] = await second.query<{ n: number }>(
          "SELECT signature_count AS n FROM campaigns WHERE slug = 'el-salvador'",
        );
        assert.equal(stored.n, 5);
        assert.equal(await second.count('flagged IS NULL'), 5);
        const counter = await (await second.request('/api/campaigns/el-salvador/counter')).json();
        assert.deepEqual(counter, {
          signatures: 5,
          offset: 785,
          total: 790,
          goal: null,
          goalMode: 'fixed',
        });
      });
    });

    describe('bots and floods', () => {
      async function formToken(app: TestApp) {
        return (await (await app.request('/api/campaigns/el-salvador')).json()).formToken as string;
      }

      it('keeps honeypot, tokenless, forged and too-fast signatures flagged and out of the counter, with the same answer', async () => {
        const app = await open({
          settings: { PETITION_BOT_CHECKS: 'on', PETITION_MIN_FILL_MS: 60_000 },
        });
        const cases = [
          validBody({ website: 'http://spam.example' }),
          validBody(),
          validBody({ formToken: 'lzz.1.AAAAAAAAAAAAAAAAAAAAAA' }),
          validBody({ formToken: await formToken(app) }),
        ];
        for (const body of cases) {
          const response = await app.sign(body);
          assert.equal(response.status, 201);
          assert.equal((await response.json()).status, 'signed');
        }
        const reasons = (
          await app.query<{ flagged: string }>('SELECT flagged FROM signatures ORDER BY id')
        ).map((row) => row.flagged);
        assert.deepEqual(reasons, ['honeypot', 'token_missing', 'token_forged', 'too_fast']);
        const counter = await (await app.request('/api/campaigns/el-salvador/counter')).json();
        assert.equal(counter.signatures, 0);
      });

      it('counts a person who took their time', async () => {
        const app = await open({
          settings: { PETITION_BOT_CHECKS: 'on', PETITION_MIN_FILL_MS: 60_000 },
        });
        // The form as served a minute and a second ago: its token, issued then for this campaign.
        const campaignId = Number.parseInt((await formToken(app)).split('.')[1], 36);
        const token = issueFormToken(app.secret, campaignId, Date.now() - 61_000);
        assert.equal((await app.sign(validBody({ formToken: token }))).status, 201);
        assert.equal(await app.count('flagged IS NULL'), 1);
      });

      it('flags past the burst limit and answers 429 with Retry-After to a flood', async () => {
        const app = await open({
          settings: {
            PETITION_RATE_LIMIT: 'on',
            PETITION_RATE_BURST: 2,
            PETITION_RATE_FLOOD: 4,
          },
        });
        await minuteWithRoom(10_000); // all seven within one minute of the limiter
        const statuses = [];
        for (let i = 0; i < 6; i++) statuses.push((await app.sign(validBody())).status);
        assert.deepEqual(statuses, [201, 201, 201, 201, 429, 429]);
        const limited = await app.sign(validBody());
        assert.ok(Number(limited.headers.get('retry-after')) > 0);
        assert.equal(await app.count('flagged IS NULL'), 2);
        assert.equal(await app.count("flagged = 'rate_burst'"), 2);
      });

      it('never stores an IP in the clear', async () => {
        const app = await open({ settings: { PETITION_TRUST_PROXY: { kind: 'hops', hops: 1 } } });
        await app.sign(validBody(), { 'x-forwarded-for': '203.0.113.77' });
        const [row] = await app.query<{ ip_hash: string }>('SELECT ip_hash FROM signatures');
        assert.match(row.ip_hash, /^[\w-]{43}$/);
        assert.ok(
          !JSON.stringify(await app.query('SELECT * FROM signatures')).includes('203.0.113.77'),
        );
      });
    });

    describe('CORS', () => {
      it('lets an allowed origin sign and refuses another', async () => {
        const app = await open();
        await app.campaigns.update(app.campaign.id, {
          allowedOrigins: ['https://partner.example'],
        });
        const preflight = (origin: string) =>
          app.request('/api/campaigns/el-salvador/signatures', {
            method: 'OPTIONS',
            headers: {
              origin,
              'access-control-request-method': 'POST',
              'access-control-request-headers': 'content-type,idempotency-key',
            },
          });
        const allowed = await preflight('https://partner.example');
        assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://partner.example');
        assert.match(allowed.headers.get('access-control-allow-headers')!, /Idempotency-Key/);
        assert.equal(allowed.headers.get('access-control-allow-credentials'), null);
        const denied = await preflight('https://evil.example');
        assert.equal(denied.headers.get('access-control-allow-origin'), null);

        const ok = await app.sign(validBody(), { origin: 'https://partner.example' });
        assert.equal(ok.status, 201);
        assert.equal(ok.headers.get('access-control-allow-origin'), 'https://partner.example');
        const tooBig = await app.sign(validBody({ city: 'x'.repeat(20_000) }), {
          origin: 'https://partner.example',
        });
        assert.equal(tooBig.status, 413);
        assert.equal(
          tooBig.headers.get('access-control-allow-origin'),
          'https://partner.example',
          'errors are readable too',
        );
        const refused = await app.sign(validBody(), { origin: 'https://evil.example' });
        await problem(refused, 403);
        assert.equal(refused.headers.get('access-control-allow-origin'), null);
        assert.equal(await app.count(), 1);
      });

      it('stores the page origin, referrer origin and utm parameters, and the partner', async () => {
        const app = await open();
        await app.sign(
          validBody({
            partner: 'oxfam',
            source: 'https://partner.example/act?utm_source=news&utm_campaign=spring&email=x@y.z',
            referrer: 'https://news.example/path?secret=1',
          }),
          { origin: 'https://partner.example' },
        );
        const [row] = await app.query('SELECT partner, origin, referrer, utm FROM signatures');
        assert.deepEqual(row, {
          partner: 'oxfam',
          origin: 'https://partner.example',
          referrer: 'https://news.example',
          utm: '{"utm_source":"news","utm_campaign":"spring"}',
        });
      });
    });

    describe('headers, logs, health', () => {
      it('sets security headers and logs one line per request without personal data', async () => {
        const app = await open();
        const body = validBody({ firstName: 'Zebedee', city: 'Xanadu' });
        const response = await app.sign(body);
        assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
        assert.ok(response.headers.get('referrer-policy'));
        await app.sign('{bad');
        assert.equal(app.logs.length, 2);
        const line = JSON.parse(app.logs[0]);
        assert.deepEqual(Object.keys(line).sort(), ['method', 'ms', 'route', 'status', 'time']);
        for (const secret of [body.email, 'Zebedee', 'Xanadu'])
          assert.ok(!app.logs.join('\n').includes(secret));
      });

      it('serves the demo page with a strict CSP and the one script tag, and /healthz', async () => {
        const app = await open();
        const page = await app.request('/');
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
        const html = await page.text();
        assert.equal(html.match(/<script/g)?.length, 1);
        assert.match(
          html,
          /<script src="\/widget.js" data-campaign="el-salvador" async><\/script>/,
        );
        assert.deepEqual(await (await app.request('/healthz')).json(), { status: 'ok' });
      });

      it('gives the demo page a description, an inline icon, and its languages as links', async () => {
        const app = await open();
        const html = await (await app.request('/')).text();
        assert.match(html, /<meta name="description" content="Call on El Salvador’s President/);
        // Inline, so the browser asks for no /favicon.ico (a 404 in its console).
        assert.match(html, /<link rel="icon" href="data:image\/svg\+xml,/);
        for (const [lang, name] of [
          ['fr', 'français'],
          ['es', 'español'],
          ['ar', 'العربية'],
        ])
          assert.match(
            html,
            new RegExp(`<a href="\\?lang=${lang}" hreflang="${lang}" lang="${lang}">${name}</a>`),
          );
        assert.match(html, /<a aria-current="page"[^>]*>English</);
        const arabic = await (await app.request('/?lang=ar')).text();
        assert.match(arabic, /<html lang="ar" dir="rtl">/);
        assert.match(arabic, /<h1>صلاحيات الطوارئ/);
        // A language the campaign lacks falls back to its default, whole.
        assert.match(await (await app.request('/?lang=sv')).text(), /<html lang="en" dir="ltr">/);
      });

      it('answers unknown paths with a problem+json 404', async () => {
        const app = await open();
        await problem(await app.request('/nowhere'), 404);
      });
    });
  });
}
