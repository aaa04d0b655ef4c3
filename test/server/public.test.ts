/** The public API over `app.request()` on a real migrated database file. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import { makeApp, rowCount, sign, validBody } from './helpers.ts';

const PROBLEM = 'application/problem+json';

async function problem(response: Response, status: number) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get('content-type'), PROBLEM);
  const body = await response.json();
  assert.equal(body.status, status);
  assert.equal(typeof body.title, 'string');
  return body;
}

describe('GET /api/campaigns/:slug', () => {
  it('returns texts, fields, consent version, a form token and the counter in one answer', async () => {
    const { app } = makeApp();
    const response = await app.request('/api/campaigns/el-salvador?lang=en');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const body = await response.json();
    assert.equal(body.target, 'Government of El Salvador');
    assert.match(body.texts.deliveryNote, /only your name and city/);
    assert.deepEqual(body.counter, { signatures: 0, offset: 785, total: 785, goal: null });
    assert.match(body.formToken, /^[0-9a-z]+\.[0-9a-z]+\.[\w-]{22}$/);
    assert.match(body.consentVersion, /^[0-9a-f]{16}$/);
  });

  it("answers in the first of the reader's languages it has, campaign and interface alike", async () => {
    const { app } = makeApp();
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
    const { app } = makeApp();
    const italian = await (await app.request('/api/campaigns/el-salvador?lang=it-IT,it')).json();
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
    const { app, campaigns, campaign } = makeApp();
    await problem(await app.request('/api/campaigns/nope'), 404);
    campaigns.update(campaign.id, { status: 'draft' });
    await problem(await app.request('/api/campaigns/el-salvador'), 404);
  });
});

describe('POST /api/campaigns/:slug/signatures', () => {
  it('stores a signature, answers 201 with the new counter, and the counter agrees', async () => {
    const { app, db } = makeApp();
    const response = await sign(app, validBody({ optIn: true, lang: 'en' }));
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), {
      status: 'signed',
      counter: { signatures: 1, offset: 785, total: 786, goal: null },
    });
    assert.equal(rowCount(db), 1);
    const row = db.prepare('SELECT * FROM signatures').get() as Record<string, unknown>;
    assert.equal(row.opt_in, 1);
    assert.equal(row.lang, 'en');
    assert.match(String(row.consent_hash), /^[0-9a-f]{16}$/);
    assert.equal(typeof row.created_at, 'number');
    const counter = await (await app.request('/api/campaigns/el-salvador/counter')).json();
    assert.equal(counter.total, 786);
  });

  it('normalises: trims, NFC, lower-cases the email domain', async () => {
    const { app, db } = makeApp();
    const response = await sign(
      app,
      validBody({ firstName: '  Jose\u0301 ', email: ' Ana@EXAMPLE.Org ' }),
    );
    assert.equal(response.status, 201);
    const row = db.prepare('SELECT first_name, email FROM signatures').get() as Record<
      string,
      string
    >;
    assert.equal(row.first_name, 'Jos\u00e9');
    assert.equal(row.email, 'Ana@example.org');
  });

  it('counts one person once: a repeat is 200 already_signed and not counted', async () => {
    const { app, db } = makeApp();
    const body = validBody();
    assert.equal((await sign(app, body)).status, 201);
    const again = await sign(app, { ...body, email: body.email.toUpperCase(), city: 'Paris' });
    assert.equal(again.status, 200);
    const answer = await again.json();
    assert.equal(answer.status, 'already_signed');
    assert.equal(answer.counter.signatures, 1);
    assert.equal(rowCount(db), 1);
  });

  it('replays an Idempotency-Key byte for byte and stores nothing new', async () => {
    const { app, db } = makeApp();
    const body = JSON.stringify(validBody());
    const first = await sign(app, body, { 'idempotency-key': 'key-000001' });
    const firstText = await first.text();
    await sign(app, validBody());
    const replay = await sign(app, body, { 'idempotency-key': 'key-000001' });
    assert.equal(replay.status, 201);
    assert.equal(await replay.text(), firstText);
    assert.equal(rowCount(db), 2);
  });

  it('refuses an Idempotency-Key reused with another body (422)', async () => {
    const { app, db } = makeApp();
    await sign(app, validBody(), { 'idempotency-key': 'key-000002' });
    const body = await problem(
      await sign(app, validBody(), { 'idempotency-key': 'key-000002' }),
      422,
    );
    assert.equal(body.errors[0].field, 'Idempotency-Key');
    assert.equal(rowCount(db), 1);
  });

  it('400s malformed JSON and non-object JSON', async () => {
    const { app, db } = makeApp();
    await problem(await sign(app, '{"firstName": '), 400);
    await problem(await sign(app, '[1,2]'), 400);
    await problem(await sign(app, 'null'), 400);
    assert.equal(rowCount(db), 0);
  });

  it('413s a body over the limit before reading it whole', async () => {
    const { app, db } = makeApp();
    await problem(await sign(app, validBody({ city: 'x'.repeat(1024 * 1024) })), 413);
    assert.equal(rowCount(db), 0);
  });

  it('415s anything but JSON', async () => {
    const { app } = makeApp();
    const response = await app.request('/api/campaigns/el-salvador/signatures', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(validBody()),
    });
    await problem(response, 415);
  });

  it('422s per field without echoing a value', async () => {
    const { app, db } = makeApp();
    const hostile = '<script>alert(1)</script>';
    const response = await sign(app, {
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
    assert.equal(rowCount(db), 0);
  });

  it('refuses control characters and over-long names', async () => {
    const { app } = makeApp();
    for (const firstName of ['Ada\u0000', 'Ada\u202e', 'x'.repeat(101), '\ud800']) {
      const body = await problem(await sign(app, validBody({ firstName })), 422);
      assert.equal(body.errors[0].field, 'firstName');
    }
  });

  it('requires the optional fields the campaign asks for', async () => {
    const { app, campaigns, campaign } = makeApp();
    campaigns.update(campaign.id, { fields: ['postalCode'] });
    const body = await problem(await sign(app, validBody()), 422);
    assert.deepEqual(
      body.errors.map((error: { field: string }) => error.field),
      ['postalCode'],
    );
    assert.equal((await sign(app, validBody({ postalCode: 'H2X 1Y4' }))).status, 201);
  });

  it('404s an unknown campaign, 409s a closed one', async () => {
    const { app, campaigns, campaign, db } = makeApp();
    await problem(await sign(app, validBody(), {}, 'nope'), 404);
    campaigns.update(campaign.id, { status: 'closed' });
    await problem(await sign(app, validBody()), 409);
    assert.equal(rowCount(db), 0);
  });
});

describe('counter', () => {
  it('answers 304 to a matching If-None-Match, 200 after a change', async () => {
    const { app } = makeApp();
    const first = await app.request('/api/campaigns/el-salvador/counter');
    const etag = first.headers.get('etag')!;
    assert.ok(etag);
    assert.match(first.headers.get('cache-control')!, /max-age=\d+/);
    const same = await app.request('/api/campaigns/el-salvador/counter', {
      headers: { 'if-none-match': etag },
    });
    assert.equal(same.status, 304);
    await sign(app, validBody());
    const changed = await app.request('/api/campaigns/el-salvador/counter', {
      headers: { 'if-none-match': etag },
    });
    assert.equal(changed.status, 200);
    assert.equal((await changed.json()).signatures, 1);
  });

  it('agrees with the rows after a restart', async () => {
    const first = makeApp();
    for (let i = 0; i < 5; i++) await sign(first.app, validBody());
    first.db.close();
    const db = openDatabase(first.file);
    const campaign = new CampaignStore(db).get('el-salvador')!;
    assert.equal(campaign.signatures, 5);
    assert.equal(rowCount(db, 'flagged IS NULL'), 5);
    db.close();
    const second = makeApp({}, { file: first.file });
    const counter = await (await second.app.request('/api/campaigns/el-salvador/counter')).json();
    assert.deepEqual(counter, { signatures: 5, offset: 785, total: 790, goal: null });
  });
});

describe('bots and floods', () => {
  async function formToken(app: ReturnType<typeof makeApp>['app']) {
    return (await (await app.request('/api/campaigns/el-salvador')).json()).formToken as string;
  }

  it('keeps honeypot, tokenless, forged and too-fast signatures flagged and out of the counter, with the same answer', async () => {
    const { app, db } = makeApp({ PETITION_BOT_CHECKS: 'on', PETITION_MIN_FILL_MS: 60_000 });
    const cases = [
      validBody({ website: 'http://spam.example' }),
      validBody(),
      validBody({ formToken: 'lzz.1.AAAAAAAAAAAAAAAAAAAAAA' }),
      validBody({ formToken: await formToken(app) }),
    ];
    for (const body of cases) {
      const response = await sign(app, body);
      assert.equal(response.status, 201);
      assert.equal((await response.json()).status, 'signed');
    }
    const reasons = db
      .prepare('SELECT flagged FROM signatures ORDER BY id')
      .all()
      .map((row) => (row as { flagged: string }).flagged);
    assert.deepEqual(reasons, ['honeypot', 'token_missing', 'token_forged', 'too_fast']);
    const counter = await (await app.request('/api/campaigns/el-salvador/counter')).json();
    assert.equal(counter.signatures, 0);
  });

  it('counts a person who took their time', async () => {
    const { app, db } = makeApp({ PETITION_BOT_CHECKS: 'on', PETITION_MIN_FILL_MS: 20 });
    const token = await formToken(app);
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal((await sign(app, validBody({ formToken: token }))).status, 201);
    assert.equal(rowCount(db, 'flagged IS NULL'), 1);
  });

  it('flags past the burst limit and answers 429 with Retry-After to a flood', async () => {
    const { app, db } = makeApp({
      PETITION_RATE_LIMIT: 'on',
      PETITION_RATE_BURST: 2,
      PETITION_RATE_FLOOD: 4,
    });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await sign(app, validBody())).status);
    assert.deepEqual(statuses, [201, 201, 201, 201, 429, 429]);
    const limited = await sign(app, validBody());
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(rowCount(db, 'flagged IS NULL'), 2);
    assert.equal(rowCount(db, "flagged = 'rate_burst'"), 2);
  });

  it('never stores an IP in the clear', async () => {
    const { app, db } = makeApp({ PETITION_TRUST_PROXY: { kind: 'hops', hops: 1 } });
    await sign(app, validBody(), { 'x-forwarded-for': '203.0.113.77' });
    const row = db.prepare('SELECT ip_hash FROM signatures').get() as { ip_hash: string };
    assert.match(row.ip_hash, /^[\w-]{43}$/);
    assert.ok(
      !JSON.stringify(db.prepare('SELECT * FROM signatures').all()).includes('203.0.113.77'),
    );
  });
});

describe('CORS', () => {
  it('lets an allowed origin sign and refuses another', async () => {
    const { app, campaigns, campaign, db } = makeApp();
    campaigns.update(campaign.id, { allowedOrigins: ['https://partner.example'] });
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

    const ok = await sign(app, validBody(), { origin: 'https://partner.example' });
    assert.equal(ok.status, 201);
    assert.equal(ok.headers.get('access-control-allow-origin'), 'https://partner.example');
    const tooBig = await sign(app, validBody({ city: 'x'.repeat(20_000) }), {
      origin: 'https://partner.example',
    });
    assert.equal(tooBig.status, 413);
    assert.equal(
      tooBig.headers.get('access-control-allow-origin'),
      'https://partner.example',
      'errors are readable too',
    );
    const refused = await sign(app, validBody(), { origin: 'https://evil.example' });
    await problem(refused, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    assert.equal(rowCount(db), 1);
  });

  it('stores the page origin, referrer origin and utm parameters, and the partner', async () => {
    const { app, db } = makeApp();
    await sign(
      app,
      validBody({
        partner: 'oxfam',
        source: 'https://partner.example/act?utm_source=news&utm_campaign=spring&email=x@y.z',
        referrer: 'https://news.example/path?secret=1',
      }),
      { origin: 'https://partner.example' },
    );
    const row = db.prepare('SELECT partner, origin, referrer, utm FROM signatures').get();
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
    const { app, logs } = makeApp();
    const body = validBody({ firstName: 'Zebedee', city: 'Xanadu' });
    const response = await sign(app, body);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(response.headers.get('referrer-policy'));
    await sign(app, '{bad');
    assert.equal(logs.length, 2);
    const line = JSON.parse(logs[0]);
    assert.deepEqual(Object.keys(line).sort(), ['method', 'ms', 'route', 'status', 'time']);
    for (const secret of [body.email, 'Zebedee', 'Xanadu'])
      assert.ok(!logs.join('\n').includes(secret));
  });

  it('serves the demo page with a strict CSP and the one script tag, and /healthz', async () => {
    const { app } = makeApp();
    const page = await app.request('/');
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy')!, /script-src 'self'/);
    const html = await page.text();
    assert.equal(html.match(/<script/g)?.length, 1);
    assert.match(html, /<script src="\/widget.js" data-campaign="el-salvador" async><\/script>/);
    assert.deepEqual(await (await app.request('/healthz')).json(), { status: 'ok' });
  });

  it('answers unknown paths with a problem+json 404', async () => {
    const { app } = makeApp();
    await problem(await app.request('/nowhere'), 404);
  });
});
