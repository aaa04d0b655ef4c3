/** The admin API on each engine: keys, campaigns, the offset's audit trail, request checking. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { elSalvador } from '../../demo/el-salvador.ts';
import { LANGUAGES } from '../../server/i18n/languages.ts';
import { MIGRATIONS, openDatabase } from '../../server/storage/sqlite/open.ts';
import { expectProblem } from './admin-helpers.ts';
import { withAuditDown } from './audit-down.ts';
import { EACH_ENGINE, TOKEN } from './engine-app.ts';
import { tempDir } from './helpers.ts';
const texts = elSalvador.texts.en!;
const newCampaign = {
  slug: 'clean-water',
  target: 'Ministry of Water',
  defaultLang: 'en',
  texts: { en: texts },
};

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`admin API on ${engine}`, { skip }, () => {
    describe('admin authentication', () => {
      it('refuses every admin route a missing, wrong, revoked or query-string key', async () => {
        const app = await open();
        const { admin } = app;
        const revoked = await app.keys.create('old laptop');
        await app.keys.revoke(revoked.id);
        const routes = app.routes.filter(
          (route) => route.path.startsWith('/api/admin/') && route.method !== 'ALL',
        );
        assert.ok(routes.length >= 12, `${routes.length} admin routes`);
        for (const route of routes) {
          const path = route.path
            .replace('/api/admin', '')
            .replace(':slug', 'el-salvador')
            .replace(':id', '1');
          const attempts: Record<string, string | undefined> = {
            missing: '',
            wrong: 'Bearer pk_wrong-key-wrong-key-wrong-key-wrong-key-wro',
            revoked: `Bearer ${revoked.key}`,
            basic: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`,
          };
          for (const [name, authorization] of Object.entries(attempts)) {
            const response = await admin(path, {
              method: route.method,
              headers: { authorization: authorization! },
            });
            await expectProblem(response, 401).catch((error) =>
              assert.fail(`${route.method} ${route.path} ${name}: ${error}`),
            );
            assert.match(response.headers.get('www-authenticate')!, /^Bearer/);
          }
          const query = await app.request(`/api/admin${path}?access_token=${TOKEN}&key=${TOKEN}`, {
            method: route.method,
          });
          assert.equal(
            query.status,
            401,
            `${route.method} ${route.path} with the key in the query`,
          );
        }
        await expectProblem(await admin('/nowhere', { headers: { authorization: '' } }), 401);
      });

      it('makes keys that work once shown, lists them without secrets, and revokes them', async () => {
        const { admin } = await open();
        const made = await admin('/keys', { method: 'POST', json: { label: 'CRM sync' } });
        assert.equal(made.status, 201);
        const { id, key } = await made.json();
        assert.match(key, /^pk_[\w-]{43}$/);
        assert.equal((await admin('/campaigns', { key })).status, 200);
        const listed = await (await admin('/keys', { key })).json();
        const info = listed.data.find((entry: { id: number }) => entry.id === id);
        assert.deepEqual(Object.keys(info).sort(), [
          'createdAt',
          'id',
          'label',
          'lastUsedAt',
          'revokedAt',
          'scope',
        ]);
        assert.ok(info.lastUsedAt, 'last use recorded');
        assert.ok(!JSON.stringify(listed).includes(key.slice(3)), 'the key is never listed');
        assert.equal((await admin(`/keys/${id}`, { method: 'DELETE' })).status, 200);
        await expectProblem(await admin('/campaigns', { key }), 401);
        await expectProblem(await admin('/keys/999', { method: 'DELETE' }), 404);
      });

      it('works without PETITION_ADMIN_TOKEN: only stored keys are accepted', async () => {
        const bare = await open({ settings: { PETITION_ADMIN_TOKEN: undefined } });
        const { key } = await bare.keys.create('only');
        assert.equal(
          (
            await bare.request('/api/admin/campaigns', {
              headers: { authorization: `Bearer ${key}` },
            })
          ).status,
          200,
        );
        assert.equal(
          (
            await bare.request('/api/admin/campaigns', {
              headers: { authorization: 'Bearer undefined' },
            })
          ).status,
          401,
        );
      });
    });

    describe('admin campaigns', () => {
      it('creates, lists, reads and changes a campaign', async () => {
        const app = await open();
        const { admin } = app;
        const created = await admin('/campaigns', {
          method: 'POST',
          json: { ...newCampaign, goal: 5000, allowedOrigins: ['https://water.example'] },
        });
        assert.equal(created.status, 201);
        assert.equal(created.headers.get('location'), '/api/admin/campaigns/clean-water');
        const body = await created.json();
        assert.equal(body.status, 'draft');
        assert.deepEqual(body.counter, {
          signatures: 0,
          offset: 0,
          total: 0,
          goal: 5000,
          goalMode: 'fixed',
        });
        const list = await (await admin('/campaigns')).json();
        assert.deepEqual(list.data.map((campaign: { slug: string }) => campaign.slug).sort(), [
          'clean-water',
          'el-salvador',
        ]);
        assert.equal(
          (await app.request('/api/campaigns/clean-water')).status,
          404,
          'a draft is not public',
        );

        const fr = { ...texts, title: 'Eau potable' };
        const patched = await admin('/campaigns/clean-water', {
          method: 'PATCH',
          json: { status: 'open', fields: ['postalCode'], texts: { fr } },
        });
        assert.equal(patched.status, 200);
        const after = await patched.json();
        assert.deepEqual(Object.keys(after.texts).sort(), ['en', 'fr'], 'texts merge by language');
        assert.deepEqual(after.fields, ['postalCode']);
        const widget = await (await app.request('/api/campaigns/clean-water?lang=fr')).json();
        assert.equal(widget.texts.title, 'Eau potable', 'the public API sees the change at once');
      });

      it('adds a campaign language: texts.nl brings the Dutch interface with it', async () => {
        const app = await open();
        const { admin } = app;
        const before = await (await app.request('/api/campaigns/el-salvador?lang=nl')).json();
        assert.equal(before.lang, 'en', 'no Dutch texts yet: all English');
        const nl = { ...texts, title: 'Schoon water' };
        assert.equal(
          (await admin('/campaigns/el-salvador', { method: 'PATCH', json: { texts: { nl } } }))
            .status,
          200,
        );
        const after = await (await app.request('/api/campaigns/el-salvador?lang=nl-BE')).json();
        assert.equal(after.lang, 'nl');
        assert.equal(after.texts.title, 'Schoon water');
        assert.equal(after.strings.submit, 'Teken de petitie');
        const unknown = await admin('/campaigns/el-salvador', {
          method: 'PATCH',
          json: { texts: { xx: texts } },
        });
        await expectProblem(unknown, 422);
      });

      it('409s a taken slug, 404s an unknown campaign', async () => {
        const { admin } = await open();
        await expectProblem(
          await admin('/campaigns', {
            method: 'POST',
            json: { ...newCampaign, slug: 'el-salvador' },
          }),
          409,
        );
        await expectProblem(await admin('/campaigns/nope'), 404);
        await expectProblem(
          await admin('/campaigns/nope', { method: 'PATCH', json: { goal: 1 } }),
          404,
        );
      });

      it('changes the offset only with a reason, and records who, when, old, new and why', async () => {
        const app = await open();
        const { admin } = app;
        const key = await app.keys.create('campaign lead');
        const missing = await expectProblem(
          await admin('/campaigns/el-salvador', { method: 'PATCH', json: { offset: 900 } }),
          422,
        );
        assert.deepEqual(missing.errors, [
          { field: 'offsetReason', code: 'required', message: 'Offset reason is required.' },
        ]);
        const reason = 'Paper signatures from the Toronto vigil';
        const ok = await admin('/campaigns/el-salvador', {
          method: 'PATCH',
          key: key.key,
          json: { offset: 900, offsetReason: reason },
        });
        assert.equal(ok.status, 200);
        assert.equal(
          (await (await app.request('/api/campaigns/el-salvador/counter')).json()).total,
          900,
        );
        const audit = (await (await admin('/campaigns/el-salvador/audit')).json()).data;
        assert.equal(audit.length, 1);
        assert.deepEqual(
          { ...audit[0], at: undefined, id: undefined },
          {
            action: 'offset',
            actor: 'key',
            keyId: key.id,
            oldValue: 785,
            newValue: 900,
            reason,
            signatureId: null,
            flag: null,
            at: undefined,
            id: undefined,
          },
        );
        assert.ok(Math.abs(Date.parse(audit[0].at) - Date.now()) < 5000);
      });

      it('keeps the offset and its audit row together: a failed audit write changes nothing', async () => {
        const app = await open();
        await withAuditDown(app, async () => {
          const response = await app.admin('/campaigns/el-salvador', {
            method: 'PATCH',
            json: { offset: 1, offsetReason: 'test' },
          });
          assert.equal(response.status, 500);
        });
        assert.equal(app.campaigns.get('el-salvador')!.offset, 785, 'memory unchanged');
        const [stored] = await app.query<{ counter_offset: number }>(
          'SELECT counter_offset FROM campaigns',
        );
        assert.equal(stored.counter_offset, 785);
      });

      it('422s per field without echoing values; 400 malformed, 415 not JSON, 413 too big', async () => {
        const { admin } = await open();
        const hostile = '=HYPERLINK("http://evil")';
        const bad = await expectProblem(
          await admin('/campaigns', {
            method: 'POST',
            json: {
              slug: hostile,
              target: '',
              defaultLang: 'xx',
              texts: {},
              allowedOrigins: ['nope'],
              extra: 1,
            },
          }),
          422,
        );
        const fields = bad.errors.map((error: { field: string }) => error.field).sort();
        assert.deepEqual(fields, ['allowedOrigins', 'body', 'defaultLang', 'slug', 'target']);
        assert.ok(!JSON.stringify(bad).includes('evil'));
        // Each message names the rule that was broken, so the console can show it as it is.
        const said = Object.fromEntries(
          bad.errors.map((error: { field: string; message: string }) => [
            error.field,
            error.message,
          ]),
        );
        assert.match(said.slug, /lower-case letters a-z, digits and dashes .* 1 to 64 characters/);
        assert.equal(said.defaultLang, `Default language is one of: ${LANGUAGES.join(', ')}.`);
        assert.match(said.allowedOrigins, /such as https:\/\/example\.org/);
        const tooLong = { ...texts, title: 'x'.repeat(201), hostile: '=HYPERLINK("http://evil")' };
        const nested = await expectProblem(
          await admin('/campaigns/el-salvador', {
            method: 'PATCH',
            json: { texts: { en: tooLong } },
          }),
          422,
        );
        assert.equal(nested.errors[0].message, 'Texts (en): title is at most 200 characters.');
        assert.ok(!JSON.stringify(nested).includes('evil'), 'an unknown key is not echoed');
        const badGoal = await expectProblem(
          await admin('/campaigns/el-salvador', { method: 'PATCH', json: { goal: 1.5 } }),
          422,
        );
        assert.equal(
          badGoal.errors[0].message,
          'Goal is a whole number from 1 to 1000000000, or null for none.',
        );
        const post = (body: string, type = 'application/json') =>
          admin('/campaigns', { method: 'POST', body, headers: { 'content-type': type } });
        await expectProblem(await post('{"slug":'), 400);
        await expectProblem(await post('[]'), 400);
        await expectProblem(await post('{}', 'text/plain'), 415);
        await expectProblem(
          await post(JSON.stringify({ ...newCampaign, target: 'x'.repeat(300 * 1024) })),
          413,
        );
        assert.equal(
          (await admin('/campaigns', { method: 'POST', json: newCampaign })).status,
          201,
        );
        const noTexts = await expectProblem(
          await admin('/campaigns/clean-water', { method: 'PATCH', json: { defaultLang: 'fr' } }),
          422,
        );
        assert.equal(noTexts.errors[0].field, 'defaultLang', 'a default language needs its texts');
      });
    });
  });
}

// SQLite's own migrations from 001 on; PostgreSQL's schema began where these end (its own
// numbered migrations are tested in postgres-engine.test.ts).
describe('migration 002', () => {
  it('upgrades a database made by 001, rows and all, with STRICT tables and the admin indexes', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    old.exec(MIGRATIONS[0]);
    old.pragma('user_version = 1');
    old.exec(`INSERT INTO campaigns (slug, target, default_lang, texts, created_at, updated_at) VALUES ('x', 't', 'en', '{}', 1, 1);
      INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in, lang, consent_hash, created_at)
      VALUES (1, 'h', 'A', 'B', 'a@b.example', 'C', 0, 'en', 'c', 1);`);
    old.close();
    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    const tables = db
      .prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name IN ('admin_keys', 'audit_log')",
      )
      .all() as { sql: string }[];
    assert.equal(tables.length, 2);
    for (const table of tables) assert.match(table.sql, /\) STRICT$/);
    const indexes = db
      .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'signatures'")
      .pluck()
      .all();
    for (const name of ['signatures_partner', 'signatures_flagged', 'signatures_flagged_person'])
      assert.ok(indexes.includes(name), name);
    assert.equal(db.prepare('SELECT COUNT(*) FROM signatures').pluck().get(), 1);
    db.close();
  });
});
