/**
 * The API's storage promises, one test body run on SQLite and on PostgreSQL: signing with dedupe
 * and idempotency, bad input changing nothing, the counter and its ETag, campaigns with an audited
 * offset, keys, both CSV exports and erasure. Nothing above the storage interface knows which
 * engine runs, so the answers must be the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import { TOKEN } from './admin-helpers.ts';
import type { EngineApp } from './engines-fixture.ts';
import { ENGINES } from './engines-fixture.ts';
import { validBody } from './helpers.ts';

const SIGN = `/api/campaigns/${elSalvador.slug}/signatures`;
const COUNTER = `/api/campaigns/${elSalvador.slug}/counter`;
const json = { 'content-type': 'application/json' };
const admin = (key = TOKEN) => ({ authorization: `Bearer ${key}` });

const post = (app: EngineApp, body: unknown, headers: Record<string, string> = {}) =>
  app.request(SIGN, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const counter = async (app: EngineApp) =>
  (await (await app.request(COUNTER)).json()) as {
    signatures: number;
    total: number;
    offset: number;
  };

for (const { engine, make, skip } of ENGINES) {
  describe(`storage promises on ${engine}`, { skip }, () => {
    it('counts a person once; a repeat is answered 200 already_signed', async () => {
      const app = await make();
      const body = validBody();
      const first = await post(app, body);
      assert.equal(first.status, 201);
      assert.equal(((await first.json()) as { status: string }).status, 'signed');
      const again = await post(app, { ...body, email: body.email.toUpperCase() });
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as { status: string }).status, 'already_signed');
      assert.equal((await counter(app)).signatures, 1);
      assert.equal(await app.rows(), 1);
      await app.close();
    });

    it('replays an Idempotency-Key with its answer, refuses it with another body, changes nothing on bad input', async () => {
      const app = await make();
      const body = validBody();
      const first = await post(app, body, { 'idempotency-key': 'engine-key-0001' });
      const replay = await post(app, body, { 'idempotency-key': 'engine-key-0001' });
      assert.equal(replay.status, first.status);
      assert.equal(await replay.text(), await first.text());
      const reused = await post(app, validBody(), { 'idempotency-key': 'engine-key-0001' });
      assert.equal(reused.status, 422);
      const bad = await post(app, { ...validBody(), email: 'not an email' });
      assert.equal(bad.status, 422);
      assert.match(bad.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal((await post(app, '{"firstName":')).status, 400);
      assert.equal(await app.rows(), 1);
      await app.close();
    });

    it('serves the counter with an ETag that changes with the count', async () => {
      const app = await make();
      const first = await app.request(COUNTER);
      const etag = first.headers.get('etag')!;
      assert.equal(
        (await app.request(COUNTER, { headers: { 'if-none-match': etag } })).status,
        304,
      );
      await post(app, validBody());
      const after = await app.request(COUNTER, { headers: { 'if-none-match': etag } });
      assert.equal(after.status, 200);
      assert.equal(((await after.json()) as { signatures: number }).signatures, 1);
      await app.close();
    });

    it('changes an offset with its audit row, and refuses a taken slug', async () => {
      const app = await make();
      const patch = await app.request(`/api/admin/campaigns/${elSalvador.slug}`, {
        method: 'PATCH',
        headers: { ...json, ...admin() },
        body: JSON.stringify({ offset: 1000, offsetReason: 'paper signatures' }),
      });
      assert.equal(patch.status, 200);
      assert.equal((await counter(app)).total, 1000);
      const audit = (await (
        await app.request(`/api/admin/campaigns/${elSalvador.slug}/audit`, { headers: admin() })
      ).json()) as {
        data: { action: string; newValue: number; reason: string }[];
      };
      assert.deepEqual(
        audit.data
          .filter((entry) => entry.action === 'offset')
          .map(({ newValue, reason }) => ({ newValue, reason })),
        [{ newValue: 1000, reason: 'paper signatures' }],
      );
      const taken = await app.request('/api/admin/campaigns', {
        method: 'POST',
        headers: { ...json, ...admin() },
        body: JSON.stringify({
          slug: elSalvador.slug,
          target: 'T',
          defaultLang: 'en',
          texts: elSalvador.texts,
        }),
      });
      assert.equal(taken.status, 409);
      await app.close();
    });

    it('makes a key that works until it is revoked', async () => {
      const app = await make();
      const made = await app.request('/api/admin/keys', {
        method: 'POST',
        headers: { ...json, ...admin() },
        body: JSON.stringify({ label: 'ops' }),
      });
      assert.equal(made.status, 201);
      const { id, key } = (await made.json()) as { id: number; key: string };
      assert.equal(
        (await app.request('/api/admin/campaigns', { headers: admin(key) })).status,
        200,
      );
      assert.equal(
        (await app.request(`/api/admin/keys/${id}`, { method: 'DELETE', headers: admin() })).status,
        200,
      );
      assert.equal(
        (await app.request('/api/admin/campaigns', { headers: admin(key) })).status,
        401,
      );
      await app.close();
    });

    it('exports both CSVs and erases a person, uncounting them', async () => {
      const app = await make();
      const body = validBody({ firstName: '=Ada', city: 'Paris' });
      await post(app, body);
      await post(app, validBody());
      const csv = await (
        await app.request(`/api/admin/campaigns/${elSalvador.slug}/signatures.csv`, {
          headers: admin(),
        })
      ).text();
      const line = csv.split('\r\n').find((row) => row.includes(body.email))!;
      assert.match(line, /,'=Ada,/);
      const delivery = await (
        await app.request(`/api/admin/campaigns/${elSalvador.slug}/delivery.csv`, {
          headers: admin(),
        })
      ).text();
      assert.equal(delivery.trimEnd().split('\r\n').length, 3);
      assert.doesNotMatch(delivery, /@/);
      const id = line.split(',')[0].replace(/^\uFEFF/, '');
      const erased = await app.request(`/api/admin/signatures/${id}`, {
        method: 'DELETE',
        headers: admin(),
      });
      assert.equal(erased.status, 200);
      assert.equal(((await erased.json()) as { rows: number }).rows, 1);
      assert.equal((await counter(app)).signatures, 1);
      assert.equal(await app.rows(), 1);
      assert.equal(
        (await app.request(`/api/admin/signatures/${id}`, { method: 'DELETE', headers: admin() }))
          .status,
        404,
      );
      await app.close();
    });

    it('flags a counted signature by hand and refuses to release it while the person counts again', async () => {
      const app = await make();
      const body = validBody();
      await post(app, body);
      const csv = await (
        await app.request(`/api/admin/campaigns/${elSalvador.slug}/signatures.csv`, {
          headers: admin(),
        })
      ).text();
      const id = csv.split('\r\n')[1].split(',')[0];
      const decide = (flagged: boolean) =>
        app.request(`/api/admin/signatures/${id}`, {
          method: 'PATCH',
          headers: { ...json, ...admin() },
          body: JSON.stringify({ flagged, reason: 'checked by hand' }),
        });
      const flagged = await decide(true);
      assert.equal(flagged.status, 200);
      assert.deepEqual(
        ((await flagged.json()) as { changed: boolean; counter: { signatures: number } }).counter
          .signatures,
        0,
      );
      assert.equal((await counter(app)).signatures, 0);
      assert.equal((await post(app, body)).status, 201);
      assert.equal((await decide(false)).status, 409);
      assert.equal((await counter(app)).signatures, 1);
      assert.equal(await app.rows(true), 1);
      const audit = (await (
        await app.request(`/api/admin/campaigns/${elSalvador.slug}/audit`, { headers: admin() })
      ).json()) as {
        data: { action: string; signatureId: number | null }[];
      };
      assert.deepEqual(
        audit.data.filter((entry) => entry.action === 'flag').map((entry) => entry.signatureId),
        [Number(id)],
      );
      await app.close();
    });

    it('pages signatures by cursor with filters, and finds a person by email', async () => {
      const app = await make();
      const emails: string[] = [];
      for (let n = 0; n < 5; n++) {
        const body = validBody({ optIn: n % 2 === 0 });
        emails.push(body.email);
        await post(app, body);
      }
      const list = (query: string) =>
        app.request(`/api/admin/campaigns/${elSalvador.slug}/signatures?${query}`, {
          headers: admin(),
        });
      type Page = { data: { email: string; optIn: boolean }[]; nextCursor: string | null };
      const first = (await (await list('limit=2')).json()) as Page;
      assert.deepEqual(
        first.data.map((row) => row.email),
        emails.slice(0, 2),
      );
      const second = (await (await list(`limit=2&cursor=${first.nextCursor}`)).json()) as Page;
      assert.deepEqual(
        second.data.map((row) => row.email),
        emails.slice(2, 4),
      );
      const optedIn = (await (await list('optIn=true')).json()) as Page;
      assert.deepEqual(
        optedIn.data.map((row) => row.email),
        [emails[0], emails[2], emails[4]],
      );
      assert.equal((await list('cursor=nonsense')).status, 422);
      const found = await app.request(`/api/admin/campaigns/${elSalvador.slug}/signatures/search`, {
        method: 'POST',
        headers: { ...json, ...admin() },
        body: JSON.stringify({ email: emails[3].toUpperCase() }),
      });
      assert.deepEqual(
        ((await found.json()) as Page).data.map((row) => row.email),
        [emails[3]],
      );
      await app.close();
    });
  });
}
