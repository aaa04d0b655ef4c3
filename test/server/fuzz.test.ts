/**
 * Property-based bad input (fast-check), on each engine: generated bodies, headers, paths and
 * query strings against the routes the router serves. Every answer is a documented status, never
 * a 5xx; what is stored comes back exactly; nothing hostile reaches a page unescaped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OpenOptions, TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const DOCUMENTED = new Set([200, 201, 204, 304, 400, 401, 403, 404, 405, 409, 413, 415, 422, 429]);

const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 120 }),
  fc.constantFrom(
    "'; DROP TABLE signatures; --",
    '" OR 1=1 --',
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '=HYPERLINK("http://evil.example","x")',
    '+SUM(1+1)',
    '-2+3',
    '@cmd',
    '\t=1',
    '\r=1',
    '\u0000',
    '\ud800',
    '\udfff\ud800',
    '\u202e',
    'Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357'.repeat(30),
    '𝕳𝖊𝖑𝖑𝖔'.repeat(40),
    '',
    ' ',
  ),
);

const fieldValue = fc.oneof(
  hostileString,
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 2 }),
);

const signatureLike = fc.record(
  {
    firstName: fieldValue,
    lastName: fieldValue,
    email: fc.oneof(fc.emailAddress(), hostileString, fieldValue),
    city: fieldValue,
    optIn: fc.oneof(fc.boolean(), fieldValue),
    formToken: fieldValue,
    website: fieldValue,
    lang: fc.oneof(fc.constantFrom('en', 'fr', 'es', 'xx'), fieldValue),
    postalCode: fieldValue,
    country: fieldValue,
    partner: fieldValue,
    source: fc.oneof(fc.webUrl({ withQueryParameters: true }), fieldValue),
  },
  { requiredKeys: [] },
);

const rawBody = fc.oneof(
  signatureLike.map((body) => JSON.stringify(body)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
  fc.integer({ min: 1, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.constantFrom(
    '',
    '{',
    'null',
    '"x"',
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"x": 1}}}',
  ),
);

const ADMIN_TOKEN = 'fuzz-admin-token-0123456789';

/** Admin bodies: campaign creation and patches with generated values. */
const adminBody = fc
  .record(
    {
      slug: fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,20}$/), hostileString),
      status: fc.oneof(fc.constantFrom('draft', 'open', 'closed'), fieldValue),
      goal: fc.oneof(fc.integer(), fieldValue),
      offset: fc.oneof(fc.integer(), fieldValue),
      offsetReason: fieldValue,
      allowedOrigins: fc.oneof(fc.array(fc.webUrl(), { maxLength: 3 }), fieldValue),
      target: fieldValue,
      texts: fc.oneof(
        fc.dictionary(fc.constantFrom('en', 'fr', 'es', 'xx'), fc.object({ maxDepth: 1 })),
        fieldValue,
      ),
      fields: fc.oneof(fc.array(fc.constantFrom('postalCode', 'country', 'x')), fieldValue),
      label: fieldValue,
    },
    { requiredKeys: [] },
  )
  .map((body) => JSON.stringify(body));

const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
  maxLength: 200,
});

const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.oneof(
    fc.constantFrom(
      '/api/campaigns/el-salvador/signatures',
      '/api/campaigns/el-salvador',
      '/api/campaigns/el-salvador/counter',
      '/',
      '/healthz',
      '/widget.js',
    ),
    fc.constantFrom(
      '/api/admin/campaigns',
      '/api/admin/campaigns/el-salvador',
      '/api/admin/campaigns/el-salvador/signatures',
      '/api/admin/campaigns/el-salvador/signatures.csv',
      '/api/admin/campaigns/el-salvador/delivery.csv',
      '/api/admin/campaigns/el-salvador/stats',
      '/api/admin/campaigns/el-salvador/audit',
      '/api/admin/keys',
      '/api/openapi.json',
      '/api/docs',
    ),
    fc.nat({ max: 50 }).map((id) => `/api/admin/signatures/${id}`),
    fc.string({ maxLength: 30 }).map((id) => `/api/admin/signatures/${encodeURIComponent(id)}`),
    fc
      .string({ maxLength: 40 })
      .map((slug) => `/api/campaigns/${encodeURIComponent(slug)}/signatures`),
    fc.webPath(),
  ),
  query: fc.oneof(
    fc.constant(''),
    fc.webQueryParameters().map((query) => `?${query}`),
  ),
  contentType: fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'multipart/form-data',
      '',
    ),
    headerValue,
  ),
  idempotencyKey: fc.option(headerValue),
  origin: fc.option(fc.oneof(fc.webUrl(), headerValue)),
  ifNoneMatch: fc.option(headerValue),
  authorization: fc.option(
    fc.oneof(
      fc.constant(`Bearer ${ADMIN_TOKEN}`),
      headerValue.map((value) => `Bearer ${value}`),
      headerValue,
    ),
  ),
  body: fc.oneof(rawBody, adminBody),
});

/**
 * The app with the fuzz's admin token. SQLite without the per-commit fsync (PostgreSQL's test
 * database commits without waiting for its WAL already): these tests are about input, not disks.
 */
async function fastApp(open: (options?: OpenOptions) => Promise<TestApp>) {
  const app = await open({ settings: { PETITION_ADMIN_TOKEN: ADMIN_TOKEN } });
  if (app.engine === 'sqlite') await app.query('PRAGMA synchronous = OFF');
  return app;
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`fuzz on ${engine}`, { skip }, () => {
    // The router, the checks and the problems in front of the storage are one code on both
    // engines, so PostgreSQL gets a quarter of the generated requests; of what is stored (the next
    // test), where the engines differ, it gets half (each run is a few round trips to the server).
    const runs = engine === 'sqlite' ? RUNS : Math.ceil(RUNS / 4);
    const storedRuns = Math.min(RUNS, engine === 'sqlite' ? 2000 : 1000);
    it(`answers ${runs} generated requests with documented statuses only`, async () => {
      const app = await fastApp(open);
      await fc.assert(
        fc.asyncProperty(request, async (input) => {
          const headers: Record<string, string> = {};
          if (input.contentType) headers['content-type'] = input.contentType;
          if (input.idempotencyKey !== null) headers['idempotency-key'] = input.idempotencyKey;
          if (input.origin !== null) headers.origin = input.origin;
          if (input.ifNoneMatch !== null) headers['if-none-match'] = input.ifNoneMatch;
          if (input.authorization !== null) headers.authorization = input.authorization;
          const hasBody = input.method !== 'GET' && input.method !== 'HEAD';
          const response = await app.request(input.path + input.query, {
            method: input.method,
            headers,
            body: hasBody ? input.body : undefined,
          });
          const text = await response.text();
          assert.ok(
            DOCUMENTED.has(response.status),
            `${input.method} ${input.path} -> ${response.status} ${text.slice(0, 200)}`,
          );
          if (response.status >= 400)
            assert.equal(response.headers.get('content-type'), 'application/problem+json');
        }),
        { numRuns: runs },
      );
      // Whatever got in, the counter still agrees with the rows.
      assert.equal(
        app.campaigns.get('el-salvador')!.signatures,
        await app.count('flagged IS NULL'),
      );
    });

    it('stores what it accepts exactly as normalised, and echoes none of it in errors', async () => {
      const app = await fastApp(open);
      // Sizes up to the limit, not fast-check's small default: a column too narrow shows.
      const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40, size: 'max' });
      let serial = 0;
      await fc.assert(
        fc.asyncProperty(name, name, name, async (firstName, lastName, city) => {
          const email = `fuzz.${serial++}@example.org`;
          const response = await app.request('/api/campaigns/el-salvador/signatures', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ firstName, lastName, email, city, optIn: false }),
          });
          const text = await response.text();
          if (response.status === 201) {
            const [row] = await app.query(
              'SELECT first_name, last_name, city FROM signatures WHERE email = ?',
              email,
            );
            assert.deepEqual(row, {
              first_name: firstName.normalize('NFC').trim(),
              last_name: lastName.normalize('NFC').trim(),
              city: city.normalize('NFC').trim(),
            });
          } else {
            assert.equal(response.status, 422);
            for (const value of [firstName, lastName, city]) {
              if (value.trim().length > 3)
                assert.ok(
                  !text.includes(JSON.stringify(value).slice(1, -1)),
                  'an error never echoes input',
                );
            }
          }
        }),
        { numRuns: storedRuns },
      );
      // And the admin API gives back exactly what is stored: no double encoding on the way out.
      const stored = await app.query(
        'SELECT id, first_name, last_name, city FROM signatures ORDER BY id',
      );
      const listed: Record<string, unknown>[] = [];
      for (let cursor = ''; ; ) {
        const page = await (
          await app.request(`/api/admin/campaigns/el-salvador/signatures?limit=1000${cursor}`, {
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          })
        ).json();
        for (const row of page.data)
          listed.push({
            id: row.id,
            first_name: row.firstName,
            last_name: row.lastName,
            city: row.city,
          });
        if (!page.nextCursor) break;
        cursor = `&cursor=${page.nextCursor}`;
      }
      assert.ok(stored.length > 0);
      assert.deepEqual(listed, stored);
    });

    it('escapes hostile campaign texts on the demo page', async () => {
      const app = await open();
      const { campaign } = app;
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            '<script>alert(1)</script>',
            '"><img src=x onerror=alert(1)>',
            "'><svg onload=alert(1)>",
          ),
          async (hostile) => {
            const en = {
              ...campaign.texts.en!,
              title: hostile,
              description: hostile,
              letter: hostile,
              demands: [hostile],
              photoCredit: hostile,
            };
            await app.campaigns.update(campaign.id, { texts: { en } });
            const html = await (await app.request('/')).text();
            assert.ok(!html.includes(hostile), 'the raw string never appears');
            assert.equal(html.match(/<script/g)?.length, 1, 'only the widget tag');
          },
        ),
      );
    });
  });
}
