/**
 * Partners of a campaign, on both engines: the admin routes (each change audited in its own
 * transaction), the opt-in the public campaign read carries, the signature's partner consent
 * receipt, per-partner counts by day, the CSV columns, the CLI; concurrent changes decided by
 * the database. SQLite's own: the upgrade of an older database.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { LANGUAGES } from '../../server/i18n/languages.ts';
import { MIGRATIONS, openDatabase } from '../../server/storage/sqlite/open.ts';
import { expectProblem } from './admin-helpers.ts';
import { cli, databaseOf } from './cli-fixture.ts';
import { withAuditDown } from './audit-down.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { tempDir, validBody } from './helpers.ts';
import { addOxfam, OXFAM } from './partner-fixture.ts';

const slugs = (body: { data: { slug: string }[] }) => body.data.map((partner) => partner.slug);

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`partners of a campaign on ${engine}`, { skip }, () => {
    it('are created, read, listed, changed and removed, each change audited', async () => {
      const { admin } = await open();
      const created = await admin('/campaigns/el-salvador/partners', {
        method: 'POST',
        json: OXFAM,
      });
      assert.equal(created.status, 201);
      assert.equal(
        created.headers.get('location'),
        '/api/admin/campaigns/el-salvador/partners/oxfam',
      );
      const body = await created.json();
      assert.deepEqual(
        { ...body, createdAt: undefined, updatedAt: undefined },
        { ...OXFAM, createdAt: undefined, updatedAt: undefined },
      );
      const taken = await expectProblem(
        await admin('/campaigns/el-salvador/partners', { method: 'POST', json: OXFAM }),
        409,
      );
      assert.deepEqual(
        taken.errors.map((error: { field: string }) => error.field),
        ['slug'],
      );
      // Byte order on both engines: a locale's collation would put a-z before a-b-c.
      for (const slug of ['a-z', 'a-b-c', 'ab'])
        await admin('/campaigns/el-salvador/partners', {
          method: 'POST',
          json: { ...OXFAM, slug },
        });
      assert.deepEqual(slugs(await (await admin('/campaigns/el-salvador/partners')).json()), [
        'a-b-c',
        'a-z',
        'ab',
        'oxfam',
      ]);

      const patched = await admin('/campaigns/el-salvador/partners/oxfam', {
        method: 'PATCH',
        json: { optInText: { es: 'Sí, Oxfam' } },
      });
      assert.equal(patched.status, 200);
      assert.deepEqual(
        Object.keys((await patched.json()).optInText),
        ['en', 'fr', 'es'],
        'replaced language by language',
      );
      const renamed = await admin('/campaigns/el-salvador/partners/oxfam', {
        method: 'PATCH',
        json: { name: 'Oxfam' },
      });
      assert.equal((await renamed.json()).optInText.es, 'Sí, Oxfam', 'other fields kept');
      assert.equal((await admin('/campaigns/el-salvador/partners/oxfam')).status, 200);
      await expectProblem(await admin('/campaigns/el-salvador/partners/nobody'), 404);
      await expectProblem(
        await admin('/campaigns/el-salvador/partners/nobody', {
          method: 'PATCH',
          json: { name: 'x' },
        }),
        404,
      );
      await expectProblem(
        await admin('/campaigns/el-salvador/partners/nobody', { method: 'DELETE' }),
        404,
      );
      await expectProblem(await admin('/campaigns/nowhere/partners'), 404);

      const removed = await admin('/campaigns/el-salvador/partners/oxfam', { method: 'DELETE' });
      assert.deepEqual(await removed.json(), { status: 'deleted', slug: 'oxfam' });
      await expectProblem(await admin('/campaigns/el-salvador/partners/oxfam'), 404);
      const audit = (await (await admin('/campaigns/el-salvador/audit')).json()).data;
      const oxfamRows = audit.filter(
        (entry: { action: string; reason: string }) =>
          entry.action.startsWith('partner_') && entry.reason === 'oxfam',
      );
      assert.deepEqual(
        oxfamRows.map((entry: { action: string; reason: string; actor: string }) => [
          entry.action,
          entry.reason,
          entry.actor,
        ]),
        [
          ['partner_create', 'oxfam', 'token'],
          ['partner_update', 'oxfam', 'token'],
          ['partner_update', 'oxfam', 'token'],
          ['partner_delete', 'oxfam', 'token'],
        ],
      );
    });

    it('commit each change with its audit row or not at all', async () => {
      const app = await open();
      const { admin } = app;
      await addOxfam(app);
      const partnerKey = (
        await (
          await admin('/keys', {
            method: 'POST',
            json: { label: 'k', partner: 'oxfam', campaign: 'el-salvador' },
          })
        ).json()
      ).key;
      await withAuditDown(app, async () => {
        const failed = async (path: string, init: Parameters<typeof admin>[1]) => {
          const response = await admin(path, init);
          assert.equal(response.status, 500, `${init?.method} ${path}`);
          await response.body?.cancel();
        };
        await failed('/campaigns/el-salvador/partners', {
          method: 'POST',
          json: { ...OXFAM, slug: 'amnesty' },
        });
        await failed('/campaigns/el-salvador/partners/oxfam', {
          method: 'PATCH',
          json: { name: 'Changed' },
        });
        await failed('/campaigns/el-salvador/partners/oxfam', { method: 'DELETE' });
        const partners = await app.query<{ slug: string; name: string }>(
          'SELECT slug, name FROM partners ORDER BY id',
        );
        assert.deepEqual(partners, [{ slug: 'oxfam', name: OXFAM.name }], 'nothing changed');
        assert.equal(
          (await admin('/campaigns/el-salvador', { key: partnerKey })).status,
          200,
          'its key not revoked',
        );
      });
    });

    it('decide concurrent changes in the database: one add of a slug wins, every patch is kept', async () => {
      const app = await open();
      const path = '/campaigns/el-salvador/partners';
      const adds = await Promise.all(
        Array.from({ length: 6 }, () => app.admin(path, { method: 'POST', json: OXFAM })),
      );
      assert.deepEqual(
        adds.map((response) => response.status).sort(),
        [201, 409, 409, 409, 409, 409],
      );
      // Each patch adds its own language: a patch that merged into a stale row would drop another's.
      const added = LANGUAGES.filter((lang) => !(lang in OXFAM.optInText));
      const patches = await Promise.all(
        added.map((lang) =>
          app.admin(`${path}/oxfam`, { method: 'PATCH', json: { optInText: { [lang]: lang } } }),
        ),
      );
      assert.deepEqual(
        patches.map((response) => response.status),
        added.map(() => 200),
      );
      const { optInText } = await (await app.admin(`${path}/oxfam`)).json();
      assert.deepEqual(
        Object.keys(optInText).sort(),
        [...Object.keys(OXFAM.optInText), ...added].sort(),
      );
    });

    it('refuses bad bodies with per-field errors and changes nothing', async () => {
      const app = await open();
      const bad = [
        { ...OXFAM, slug: 'Not A Slug' },
        { ...OXFAM, privacyUrl: 'javascript:alert(1)' },
        { ...OXFAM, optInText: {} },
        { ...OXFAM, optInText: { xx: 'Ja' } },
        { ...OXFAM, colour: 'red' },
        { ...OXFAM, name: '' },
      ];
      for (const json of bad) {
        const problem = await expectProblem(
          await app.admin('/campaigns/el-salvador/partners', { method: 'POST', json }),
          422,
        );
        assert.ok(problem.errors.length >= 1, JSON.stringify(json));
        assert.ok(!JSON.stringify(problem).includes('javascript'), 'no echo');
      }
      const [{ n }] = await app.query<{ n: number }>('SELECT COUNT(*) AS n FROM partners');
      assert.equal(Number(n), 0);
    });
  });

  describe(`the partner opt-in, public side, on ${engine}`, { skip }, () => {
    it("comes with the campaign for a known partner, in the reader's language, and not for an unknown one", async () => {
      const app = await open();
      await addOxfam(app);
      const read = async (query: string) =>
        (await app.request(`/api/campaigns/el-salvador${query}`)).json();
      const fr = await read('?lang=fr&partner=oxfam');
      assert.equal(fr.partner.lang, 'fr');
      assert.equal(fr.partner.text, OXFAM.optInText.fr);
      assert.equal(fr.partner.name, 'Oxfam Canada');
      assert.equal(fr.partner.privacyUrl, OXFAM.privacyUrl);
      assert.match(fr.partner.version, /^[0-9a-f]{16}$/);
      const es = await read('?lang=es&partner=oxfam');
      assert.equal(es.partner.lang, 'en', 'no Spanish text: the campaign default language');
      assert.notEqual(es.partner.version, fr.partner.version);
      assert.equal((await read('?partner=greenpeace')).partner, undefined);
      assert.equal((await read('')).partner, undefined);
    });

    it('is offered by every node as soon as one node adds, changes or removes it: no node keeps partners in memory', async () => {
      const a = await open();
      const b = await open({ location: a.location });
      const offered = async () =>
        (await (await b.request('/api/campaigns/el-salvador?partner=oxfam')).json()).partner;
      assert.equal(await offered(), undefined);
      await addOxfam(a);
      assert.equal((await offered()).name, OXFAM.name);
      await a.admin('/campaigns/el-salvador/partners/oxfam', {
        method: 'PATCH',
        json: { name: 'Oxfam Québec' },
      });
      assert.equal((await offered()).name, 'Oxfam Québec');
      await a.admin('/campaigns/el-salvador/partners/oxfam', { method: 'DELETE' });
      assert.equal(await offered(), undefined);
    });

    it('records the partner consent receipt with each signature; 422 for an opt-in no known partner offers', async () => {
      const app = await open();
      const { admin } = app;
      await addOxfam(app);
      const shown = (
        await (await app.request('/api/campaigns/el-salvador?lang=fr&partner=oxfam')).json()
      ).partner;
      assert.equal(
        (await app.sign(validBody({ partner: 'oxfam', partnerOptIn: true, lang: 'fr' }))).status,
        201,
      );
      assert.equal(
        (await app.sign(validBody({ partner: 'oxfam', lang: 'fr' }))).status,
        201,
        'partnerOptIn defaults to false',
      );
      assert.equal(
        (await app.sign(validBody({ partner: 'greenpeace' }))).status,
        201,
        'unknown partner: attribution only',
      );
      const before = await app.count();
      for (const body of [
        validBody({ partnerOptIn: true }),
        validBody({ partner: 'greenpeace', partnerOptIn: true }),
        validBody({ partner: 'oxfam', partnerOptIn: 'yes' }),
      ]) {
        const problem = await expectProblem(await app.sign(body), 422);
        assert.deepEqual(
          problem.errors.map((error: { field: string }) => error.field),
          ['partnerOptIn'],
        );
      }
      assert.equal(await app.count(), before, 'nothing stored');

      const rows = (await (await admin('/campaigns/el-salvador/signatures')).json()).data;
      assert.deepEqual(rows[0].partnerConsent, {
        optIn: true,
        version: shown.version,
        lang: 'fr',
        at: rows[0].createdAt,
        confirmedAt: null,
      });
      assert.deepEqual(rows[1].partnerConsent, {
        optIn: false,
        version: shown.version,
        lang: 'fr',
        at: rows[1].createdAt,
        confirmedAt: null,
      });
      assert.equal(rows[2].partnerConsent, null);
      assert.equal(rows[2].partner, 'greenpeace');

      const csv = await (await admin('/campaigns/el-salvador/signatures.csv')).text();
      const lines = csv.trim().split('\r\n');
      assert.match(
        lines[0],
        /"partner_opt_in","partner_consent_version","partner_consent_lang","pending","confirmed_at","show_in_recent"$/,
      );
      // Then: not pending, no confirmation by email (this campaign does not ask for one), not
      // among the recent signatures (the box left unticked).
      assert.ok(lines[1].endsWith(`,"yes","${shown.version}","fr","no",,"no"`), lines[1]);
      assert.ok(lines[2].endsWith(`,"no","${shown.version}","fr","no",,"no"`), lines[2]);
      assert.ok(lines[3].endsWith(',,,"no",,"no"'), lines[3]);
    });

    it('counts, per partner and by day: counted signatures brought, opt-ins to the host, opt-ins to the partner', async () => {
      const app = await open();
      await addOxfam(app);
      await app.sign(validBody({ partner: 'oxfam', partnerOptIn: true, optIn: true }));
      await app.sign(validBody({ partner: 'oxfam', partnerOptIn: true }));
      await app.sign(validBody({ partner: 'oxfam' }));
      await app.sign(validBody({ optIn: true }));
      // A flagged opt-in the partner brought is not counted, for the partner either.
      const flagged = validBody({ partner: 'oxfam', partnerOptIn: true, optIn: true });
      await app.sign(flagged);
      const page = await (await app.admin('/campaigns/el-salvador/signatures')).json();
      const id = page.data.find((row: { email: string }) => row.email === flagged.email).id;
      const flag = await app.admin(`/signatures/${id}`, {
        method: 'PATCH',
        json: { flagged: true, reason: 'test' },
      });
      assert.equal(flag.status, 200);
      const stats = await (await app.admin('/campaigns/el-salvador/stats')).json();
      const today = new Date().toISOString().slice(0, 10);
      const oxfam = stats.byPartner.find(
        (entry: { partner: string | null }) => entry.partner === 'oxfam',
      );
      assert.deepEqual(oxfam, {
        partner: 'oxfam',
        signatures: 3,
        optedIn: 1,
        partnerOptedIn: 2,
        byDay: [{ day: today, signatures: 3, optedIn: 1, partnerOptedIn: 2 }],
      });
      const none = stats.byPartner.find(
        (entry: { partner: string | null }) => entry.partner === null,
      );
      assert.equal(none.signatures, 1);
      assert.equal(none.partnerOptedIn, 0);
    });
  });
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`partner CLI on ${engine}`, { skip }, () => {
    it('adds, lists and removes partners through the audited storage; the key goes with its partner', async () => {
      const app = await open();
      const run = (...args: string[]) => cli(databaseOf(app), ...args);
      const json = path.join(tempDir(), 'oxfam.json');
      fs.writeFileSync(json, JSON.stringify(OXFAM));
      const added = await run('add-partner', 'el-salvador', json);
      assert.equal(added.code, 0, added.stderr);
      assert.equal((await run('add-partner', 'el-salvador', json)).code, 2, 'slug taken');
      fs.writeFileSync(json, JSON.stringify({ ...OXFAM, slug: 'x y' }));
      assert.equal((await run('add-partner', 'el-salvador', json)).code, 2, 'invalid');
      assert.match(
        (await run('list-partners', 'el-salvador')).stdout,
        /^oxfam\tOxfam Canada\ten,fr\thttps:\/\/www\.oxfam\.ca\/privacy\/$/m,
      );
      const made = await run(
        'create-key',
        '--label',
        'Oxfam CRM',
        '--campaign',
        'el-salvador',
        '--partner',
        'oxfam',
      );
      assert.equal(made.code, 0, made.stderr);
      const key = made.stdout.trim();
      assert.match(key, /^pk_/);
      assert.equal((await app.admin('/campaigns/el-salvador', { key })).status, 200);
      assert.equal(
        (await run('create-key', '--label', 'x', '--partner', 'oxfam')).code,
        2,
        'partner without campaign',
      );
      assert.equal(
        (
          await run(
            'create-key',
            '--label',
            'x',
            '--campaign',
            'el-salvador',
            '--partner',
            'nobody',
          )
        ).code,
        2,
      );
      assert.equal((await run('remove-partner', 'el-salvador', 'oxfam')).code, 0);
      assert.equal((await app.admin('/campaigns/el-salvador', { key })).status, 401, 'key revoked');
      assert.equal((await run('remove-partner', 'el-salvador', 'oxfam')).code, 2);
      const actions = await app.query<{ action: string; actor: string }>(
        "SELECT action, actor FROM audit_log WHERE action LIKE 'partner%' ORDER BY id",
      );
      assert.deepEqual(
        actions.map(({ action, actor }) => `${action}:${actor}`),
        ['partner_create:cli', 'partner_delete:cli'],
      );
    });
  });
}

describe('migration 005', () => {
  it('upgrades a database made by 004, audit rows and signatures kept', () => {
    const file = path.join(tempDir(), 'old.db');
    const old = new Database(file);
    for (const sql of MIGRATIONS.slice(0, 4)) old.exec(sql);
    old.pragma('user_version = 4');
    old.exec(`INSERT INTO campaigns (slug, target, default_lang, texts, created_at, updated_at) VALUES ('x', 't', 'en', '{}', 1, 1);
      INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in, lang, consent_hash, created_at)
      VALUES (1, 'h', 'A', 'B', 'a@b.example', 'C', 0, 'en', 'c', 1);
      INSERT INTO audit_log (campaign_id, action, actor, new_value, created_at) VALUES (1, 'create', 'cli', 0, 1);
      INSERT INTO audit_log (campaign_id, action, actor, signature_id, flag, created_at) VALUES (1, 'unflag', 'cli', 1, 'honeypot', 2);`);
    old.close();
    const db = openDatabase(file);
    assert.equal(db.pragma('user_version', { simple: true }), MIGRATIONS.length);
    assert.deepEqual(
      db.prepare('SELECT partner_opt_in, partner_consent_hash FROM signatures').get(),
      { partner_opt_in: 0, partner_consent_hash: null },
    );
    assert.deepEqual(
      db.prepare('SELECT action, signature_id, flag FROM audit_log ORDER BY id').all(),
      [
        { action: 'create', signature_id: null, flag: null },
        { action: 'unflag', signature_id: 1, flag: 'honeypot' },
      ],
    );
    const sql = db
      .prepare("SELECT sql FROM sqlite_schema WHERE name = 'audit_log'")
      .pluck()
      .get() as string;
    assert.match(sql, /\) STRICT$/);
    db.close();
  });
});
