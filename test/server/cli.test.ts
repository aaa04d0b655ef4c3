/**
 * The admin CLI, spawned as `npm run admin` runs it, on each engine beside an app that serves the
 * same database: every command goes through the storage interface, so each test body runs on
 * SQLite and on PostgreSQL. The online backup is SQLite's own and is tested on a file.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, it } from 'node:test';
import { elSalvador } from '../../demo/el-salvador.ts';
import Database from 'better-sqlite3';
import { insertRows, makeAdminApp } from './admin-helpers.ts';
import { eventually } from '../wait-for.ts';
import { cli, databaseOf } from './cli-fixture.ts';
import type { CliResult } from './cli-fixture.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { sign, tempDir, validBody } from './helpers.ts';

for (const { engine, open, skip } of EACH_ENGINE) {
  describe(`admin CLI on ${engine}`, { skip }, () => {
    let app: TestApp;
    beforeEach(async () => {
      app = await open();
    });

    const run = (...args: string[]) => cli(databaseOf(app), ...args);
    const admin = async (path: string) => (await app.admin(path)).json();
    // What an admin sees (on SQLite the admin routes read the CLI's commits at once; a running
    // PostgreSQL node hears of them by NOTIFY).
    const counter = async () => {
      const { signatures, offset } = (await admin('/campaigns/el-salvador')).counter;
      return { signatures, offset } as { signatures: number; offset: number };
    };
    const ok = (result: CliResult) => assert.equal(result.code, 0, result.stderr);
    /** Everything a command could change, as the database holds it. */
    const state = async () =>
      JSON.stringify(
        await Promise.all(
          [
            'SELECT * FROM campaigns ORDER BY id',
            'SELECT * FROM admin_keys ORDER BY id',
            'SELECT * FROM audit_log ORDER BY id',
            'SELECT * FROM partners ORDER BY id',
            'SELECT id, email_hash, flagged, reviewed_at, ip_hash FROM signatures ORDER BY id',
            'SELECT * FROM idempotency_keys ORDER BY key',
            'SELECT * FROM settings ORDER BY key',
          ].map((sql) => app.query(sql)),
        ),
      );

    it('answers bad input to every command with one line, exit code 2, nothing changed, no personal data', async () => {
      await app.insertRows(20);
      const dir = tempDir();
      const file = (name: string, body: unknown) => {
        const at = path.join(dir, name);
        fs.writeFileSync(at, typeof body === 'string' ? body : JSON.stringify(body));
        return at;
      };
      const personal = 'jane.doe@example.org';
      const badCampaign = file('campaign.json', {
        slug: personal,
        target: 'T',
        defaultLang: 'en',
        texts: {},
      });
      const notJson = file('broken.json', `{"email": "${personal}"`);
      const badPartner = file('partner.json', { slug: 'ok', name: personal, privacyUrl: personal });
      // As a node would at its start, the first command records the secret's fingerprint.
      ok(await run('list-keys'));
      const before = await state();
      const wrong = [
        [],
        ['frobnicate'],
        ['create-campaign'],
        ['create-campaign', '/nonexistent/campaign.json'],
        ['create-campaign', notJson],
        ['create-campaign', badCampaign],
        ['set-offset', 'el-salvador', '900'],
        ['set-offset', 'el-salvador', 'many', '--reason', 'x'],
        ['set-offset', personal, '900', '--reason', 'x'],
        ['set-retention', 'el-salvador', '0'],
        ['set-retention', 'el-salvador', '3651'],
        ['set-retention', personal, '30'],
        ['add-partner', 'el-salvador', badPartner],
        ['list-partners', personal],
        ['remove-partner', 'el-salvador', personal],
        ['create-key'],
        ['create-key', '--label', 'x', '--colour', 'red'],
        ['create-key', '--label', 'x', '--campaign', 'el-salvador'],
        ['create-key', '--label', 'x', '--campaign', 'el-salvador', '--partner', personal],
        ['list-keys', 'extra'],
        ['revoke-key'],
        ['revoke-key', '999'],
        ['revoke-key', personal],
        ['export', 'el-salvador', 'everything', '--out', path.join(dir, 'x.csv')],
        ['export', 'el-salvador', 'delivery'],
        ['export', personal, 'delivery', '--out', path.join(dir, 'y.csv')],
        ['erase'],
        ['erase', '999999'],
        ['erase', personal],
        ['flagged', personal],
        ['unflag', '999999'],
        ['unflag', '10', '--reason', ''],
        ['flag', '1'],
        ['keep', '1', '--reason', 'a counted row is not kept, it is flagged'],
        ['backup'],
        ['rotate-secret', 'extra'],
      ];
      const results: CliResult[] = [];
      // Four at a time: each is a process of its own on a machine others share.
      for (let i = 0; i < wrong.length; i += 4) {
        results.push(...(await Promise.all(wrong.slice(i, i + 4).map((args) => run(...args)))));
      }
      for (const [i, result] of results.entries()) {
        const what = wrong[i].join(' ');
        assert.equal(result.code, 2, `${what}: ${result.stderr}`);
        assert.equal(
          result.stderr.trimEnd().split('\n').length,
          1,
          `one line for ${what}: ${result.stderr}`,
        );
        assert.equal(result.stdout, '', what);
        assert.ok(
          !result.stderr.includes('jane.doe'),
          `${what} echoed what it was given: ${result.stderr}`,
        );
      }
      assert.equal(await state(), before, 'nothing changed');
      assert.equal(await app.count(), 20);
    });

    it('creates a campaign from a file and sets the offset with a reason, audited; the running app serves both', async () => {
      const json = path.join(tempDir(), 'campaign.json');
      fs.writeFileSync(
        json,
        JSON.stringify({
          slug: 'from-cli',
          target: 'Someone',
          defaultLang: 'en',
          texts: elSalvador.texts,
          status: 'open',
        }),
      );
      ok(await run('create-campaign', json));
      const offset = await run(
        'set-offset',
        'from-cli',
        '250',
        '--reason',
        'Paper forms from the march',
      );
      ok(offset);
      assert.match(offset.stdout, /0 -> 250/);
      const served = async () => (await admin('/campaigns/from-cli')).counter?.total as number;
      assert.equal(await eventually(served, 250), 250, 'the app serves the new offset');
      const campaign = await admin('/campaigns/from-cli');
      assert.deepEqual(campaign.counter, {
        signatures: 0,
        offset: 250,
        total: 250,
        goal: null,
        goalMode: 'fixed',
      });
      const audit = (await admin('/campaigns/from-cli/audit')).data;
      assert.deepEqual(
        audit.map((entry: { action: string; actor: string }) => `${entry.action}/${entry.actor}`),
        ['create/cli', 'offset/cli'],
      );
      assert.equal(audit[1].reason, 'Paper forms from the march');
      assert.equal((await run('create-campaign', json)).code, 2, 'a taken slug');
    });

    it('sets a moving goal and lists the goals reached; refuses a goal it cannot use', async () => {
      const auto = await run('set-goal', 'el-salvador', 'auto', '--steps', '800, 790');
      ok(auto);
      assert.equal(auto.stdout, 'Goal of el-salvador: auto, goal 790 at a total of 785.\n');
      assert.equal(
        (await run('goals', 'el-salvador')).stdout,
        'el-salvador has reached no goal yet.\n',
      );
      ok(await run('set-offset', 'el-salvador', '795', '--reason', 'Paper forms'));
      const goals = await run('goals', 'el-salvador');
      ok(goals);
      assert.match(goals.stdout, /^790\treached \d{4}-\d\d-\d\dT[\d:.]+Z \(total 795\)\n$/);
      const fixed = await run('set-goal', 'el-salvador', '2000');
      assert.equal(fixed.stdout, 'Goal of el-salvador: fixed, goal 2000 at a total of 795.\n');
      const served = async () => (await admin('/campaigns/el-salvador')).counter.goal as number;
      assert.equal(await eventually(served, 2000), 2000, 'the app serves the new goal');
      for (const wrong of [['0'], ['auto', '--steps', 'x'], ['none', '--steps', '5']]) {
        const refused = await run('set-goal', 'el-salvador', ...wrong);
        assert.equal(refused.code, 2, wrong.join(' '));
        assert.match(refused.stderr, /^set-goal: /);
      }
      assert.equal((await run('set-goal', 'nope', 'none')).code, 2);
    });

    it('makes a key that works, lists it without the key, revokes it', async () => {
      const made = await run('create-key', '--label', 'Nightly export');
      ok(made);
      const key = made.stdout.trim();
      assert.match(key, /^pk_[\w-]{43}$/);
      const call = async () =>
        (await app.request('/api/admin/campaigns', { headers: { authorization: `Bearer ${key}` } }))
          .status;
      assert.equal(await call(), 200);
      const listed = await run('list-keys');
      assert.match(listed.stdout, /^1\tNightly export\tcreated \S+\tlast used \S+\tactive$/m);
      assert.ok(!listed.stdout.includes(key.slice(3)));
      ok(await run('revoke-key', '1'));
      assert.equal(await call(), 401, 'revoked at once');
      assert.match((await run('revoke-key', '1')).stdout, /already revoked/);
    });

    it('exports a CSV to an owner-only file with progress on stderr, the same bytes the API serves', async () => {
      await app.insertRows(4321);
      const out = path.join(tempDir(), 'delivery.csv');
      const result = await run('export', 'el-salvador', 'delivery', '--out', out);
      ok(result);
      assert.match(result.stderr, /\[#{30}\] 100% 3889\/3889/);
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const api = await app.admin('/campaigns/el-salvador/delivery.csv');
      assert.ok(fs.readFileSync(out).equals(Buffer.from(await api.arrayBuffer())));
      assert.equal(
        (await run('export', 'el-salvador', 'delivery', '--out', out)).code,
        2,
        'no overwrite without --force',
      );
      ok(await run('export', 'el-salvador', 'signatures', '--out', out, '--force'));
      assert.equal(fs.readFileSync(out, 'utf8').trimEnd().split('\n').length, 4322);
    });

    it('reviews flags: lists no personal data, counts, keeps and flags, audited; the running app counts along', async () => {
      await app.insertRows(30);
      assert.equal((await eventually(counter, { signatures: 27, offset: 785 })).signatures, 27);
      const listed = await run('flagged', 'el-salvador');
      ok(listed);
      assert.deepEqual(
        listed.stdout
          .trimEnd()
          .split('\n')
          .map((line) => line.split('\t')[0] + ' ' + line.split('\t')[2]),
        ['10 honeypot', '20 honeypot', '30 honeypot'],
      );
      assert.ok(!/First|Last|example\.org|Toronto|Montr/.test(listed.stdout + listed.stderr));
      assert.match(listed.stderr, /^el-salvador: honeypot 3$/m);
      ok(await run('unflag', '10', '--reason', 'School assembly on one Wi-Fi'));
      const kept = await run('keep', '20', '--reason', 'Forty in a minute, one phone');
      ok(kept);
      assert.match(kept.stdout, /Signature 20 stays flagged \(honeypot\); 28 counted/);
      ok(await run('flag', '5', '--reason', 'Duplicate under a typo'));
      assert.deepEqual(await eventually(counter, { signatures: 27, offset: 785 }), {
        signatures: 27,
        offset: 785,
      });
      const unreviewed = await run('flagged', 'el-salvador', '--unreviewed');
      assert.deepEqual(
        unreviewed.stdout
          .trimEnd()
          .split('\n')
          .map((line) => Number(line.split('\t')[0])),
        [30],
      );
      assert.equal(await app.count('flagged IS NULL'), 27);
      const audit = (await admin('/campaigns/el-salvador/audit')).data as {
        action: string;
        actor: string;
        signatureId: number;
      }[];
      assert.deepEqual(
        audit
          .filter((entry) => entry.signatureId)
          .map((entry) => `${entry.action} ${entry.signatureId} ${entry.actor}`),
        ['unflag 10 cli', 'keep 20 cli', 'flag 5 cli'],
      );
    });

    it('queues webhook events for its changes as the API does: campaign.updated, signature.created on release, unsent ones erased with the row', async (t) => {
      const hook = await app.admin('/webhooks', {
        method: 'POST',
        json: {
          url: 'https://crm.example.org/hook',
          events: ['signature.created', 'signature.erased', 'campaign.updated'],
        },
      });
      // Until this engine carries webhooks (its routes answer 501 meanwhile).
      if (hook.status === 501) {
        // Not t.skip(): a skipped test's afterEach does not run, and the app would stay open.
        t.diagnostic(`${engine} has no webhooks yet`);
        return;
      }
      assert.equal(hook.status, 201);
      const { id } = await hook.json();
      await app.insertRows(10);
      ok(await run('set-offset', 'el-salvador', '800', '--reason', 'paper'));
      ok(await run('unflag', '10'));
      const events = async () =>
        ((await admin(`/webhooks/${id}/deliveries`)).data as { event: string }[])
          .map((delivery) => delivery.event)
          .sort();
      assert.deepEqual(await events(), ['campaign.updated', 'signature.created']);
      // Erased before it was sent: the row's pending delivery goes with it, nothing to take back.
      ok(await run('erase', '10'));
      assert.deepEqual(await events(), ['campaign.updated']);
    });

    it('erases a person: every row of theirs in the campaign, the counter, an audit row that never says whose', async () => {
      await app.insertRows(10);
      // The same person signed again and was flagged: their rows go together.
      const [person] = await app.query<{ email_hash: string }>(
        'SELECT email_hash FROM signatures WHERE id = 4',
      );
      await app.query(
        `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, opt_in,
           lang, consent_hash, flagged, created_at)
         SELECT campaign_id, email_hash, first_name, last_name, email, city, opt_in, lang,
           consent_hash, 'rate_burst', created_at + 1 FROM signatures WHERE id = 4`,
      );
      const erased = await run('erase', '4');
      ok(erased);
      assert.equal(erased.stdout, 'Erased 2 rows in el-salvador; 8 counted.\n');
      assert.equal(await app.count(), 9);
      assert.deepEqual(await eventually(counter, { signatures: 8, offset: 785 }), {
        signatures: 8,
        offset: 785,
      });
      const audit = (await admin('/campaigns/el-salvador/audit')).data;
      assert.deepEqual(audit.at(-1), {
        ...audit.at(-1),
        action: 'erasure',
        actor: 'cli',
        newValue: 2,
      });
      assert.ok(!JSON.stringify(audit).includes(person.email_hash));
      assert.ok(!/example\.org|First3/.test(JSON.stringify(audit)));
      assert.equal((await run('erase', '4')).code, 2, 'gone');
    });
  });
}

describe('engine-specific CLI commands', () => {
  const ok = (result: CliResult) => assert.equal(result.code, 0, result.stderr);

  it('says in one line when the database setting is wrong or the database cannot be reached', async () => {
    const secret = 'cli-test-secret-0123456789abcdefgh';
    const [invalid, closed] = await Promise.all([
      cli({ DATABASE_URL: 'mysql://db.internal/petition' }, 'list-keys'),
      // Port 1 on loopback: nothing listens there, so the connection is refused at once.
      cli(
        { DATABASE_URL: 'postgres://petition@127.0.0.1:1/petition', PETITION_SECRET: secret },
        'list-keys',
      ),
    ]);
    assert.equal(invalid.code, 2);
    assert.equal(invalid.stderr, 'Invalid setting DATABASE_URL: must be a postgres:// url.\n');
    assert.equal(closed.code, 1);
    assert.equal(closed.stderr, 'list-keys failed: connect ECONNREFUSED 127.0.0.1:1\n');
    assert.equal(invalid.stdout + closed.stdout, '');
  });
  for (const { engine, open, skip } of EACH_ENGINE.filter((each) => each.engine === 'postgres')) {
    it(`${engine}: backup points to pg_dump and the README and changes nothing; the other commands need the nodes' secret`, {
      skip,
    }, async () => {
      const app = await open();
      const out = path.join(tempDir(), 'backup.db');
      const result = await cli(databaseOf(app), 'backup', out);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /^backup: .*pg_dump.*server\/README\.md: Running on PostgreSQL/);
      assert.ok(!fs.existsSync(out) && !fs.existsSync(`${out}.part`));
      // The other commands run with the nodes' settings: their secret, checked as a node checks it.
      const { DATABASE_URL } = databaseOf(app) as { DATABASE_URL: string };
      const unset = await cli({ DATABASE_URL }, 'list-keys');
      assert.equal(unset.code, 2);
      assert.match(unset.stderr, /^PETITION_SECRET is required with DATABASE_URL/);
      ok(await cli(databaseOf(app), 'list-keys'));
      const other = await cli(
        { DATABASE_URL, PETITION_SECRET: 'another-secret-0123456789abcdefgh' },
        'list-keys',
      );
      assert.equal(other.code, 1);
      assert.match(other.stderr, /not the secret this database was made with/);
    });
  }
});

describe('admin CLI on a SQLite file', () => {
  it('prints help for the whole and for each command', async () => {
    const { file } = makeAdminApp();
    const overview = await cli({ DATABASE_PATH: file }, '--help');
    assert.equal(overview.code, 0);
    const names = [...overview.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((match) => match[1]);
    assert.deepEqual(names, [
      'create-campaign',
      'set-offset',
      'set-goal',
      'goals',
      'set-retention',
      'add-partner',
      'list-partners',
      'remove-partner',
      'create-key',
      'list-keys',
      'revoke-key',
      'export',
      'delivery-pack',
      'erase',
      'backup',
      'flagged',
      'unflag',
      'flag',
      'keep',
      'release-flagged',
      'rotate-secret',
    ]);
    const helps = await Promise.all(
      names.map((name) => cli({ DATABASE_PATH: file }, name, '--help')),
    );
    for (const [i, help] of helps.entries()) {
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: npm run admin -- ${names[i]}`));
    }
  });

  it('backs up online while the server keeps signing', async () => {
    const { file, app, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 20_000);
    const backup = path.join(tempDir(), 'backup.db');
    let signing = true;
    let signed = 0;
    const load = (async () => {
      while (signing) if ((await sign(app, validBody())).status === 201) signed++;
    })();
    const result = await cli({ DATABASE_PATH: file }, 'backup', backup);
    signing = false;
    await load;
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /backup \(pages\) \[#{30}\] 100%/);
    assert.ok(signed > 0, 'signing went on during the backup');
    const copy = new Database(backup, { readonly: true });
    assert.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    const rows = copy.prepare('SELECT COUNT(*) FROM signatures').pluck().get() as number;
    const counted = copy.prepare('SELECT signature_count FROM campaigns').pluck().get() as number;
    copy.close();
    assert.ok(rows >= 20_000, `${rows} rows`);
    assert.equal(counted, rows - 2000, 'the copy is consistent: its counter matches its rows');
    assert.equal(fs.statSync(backup).mode & 0o777, 0o600);
    assert.deepEqual(
      fs.readdirSync(path.dirname(backup)),
      ['backup.db'],
      'one self-contained file',
    );
  });
});
