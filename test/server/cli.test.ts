/** The admin CLI, spawned as `npm run admin` runs it, against a temporary database file. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { elSalvador } from '../../demo/el-salvador.ts';
import Database from 'better-sqlite3';
import { insertRows, makeAdminApp } from './admin-helpers.ts';
import { sign, tempDir, validBody } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** Runs the CLI; never rejects, answers the exit code and both streams. */
async function cli(file: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'server/cli/admin.ts', ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_PATH: file },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('admin CLI', () => {
  it('prints help for the whole and for each command', async () => {
    const { file } = makeAdminApp();
    const overview = await cli(file, '--help');
    assert.equal(overview.code, 0);
    const names = [...overview.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((match) => match[1]);
    assert.deepEqual(names, [
      'create-campaign',
      'set-offset',
      'add-partner',
      'list-partners',
      'remove-partner',
      'create-key',
      'list-keys',
      'revoke-key',
      'export',
      'backup',
      'flagged',
      'unflag',
      'flag',
      'keep',
      'rotate-secret',
    ]);
    const helps = await Promise.all(names.map((name) => cli(file, name, '--help')));
    for (const [i, help] of helps.entries()) {
      assert.equal(help.code, 0);
      assert.match(help.stdout, new RegExp(`^Usage: npm run admin -- ${names[i]}`));
    }
  });

  it('answers a wrong argument with one clear line and exit code 2', async () => {
    const { file } = makeAdminApp();
    const wrong = [
      [],
      ['frobnicate'],
      ['set-offset', 'el-salvador', '900'],
      ['set-offset', 'el-salvador', 'many', '--reason', 'x'],
      ['set-offset', 'nope', '900', '--reason', 'x'],
      ['create-key', '--label', 'x', '--colour', 'red'],
      ['revoke-key'],
      ['revoke-key', '999'],
      ['export', 'el-salvador', 'everything', '--out', 'x.csv'],
      ['create-campaign', '/nonexistent/campaign.json'],
      ['backup', file],
    ];
    const results = await Promise.all(wrong.map((args) => cli(file, ...args)));
    for (const [i, result] of results.entries()) {
      assert.equal(result.code, 2, `${wrong[i].join(' ')}: ${result.stderr}`);
      assert.equal(
        result.stderr.trimEnd().split('\n').length,
        1,
        `one line for ${wrong[i].join(' ')}: ${result.stderr}`,
      );
      assert.equal(result.stdout, '');
    }
  });

  it('creates a campaign from a file and sets the offset with a reason, audited; the admin API sees both', async () => {
    const { file, admin, campaigns } = makeAdminApp();
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
    const created = await cli(file, 'create-campaign', json);
    assert.equal(created.code, 0, created.stderr);
    const offset = await cli(
      file,
      'set-offset',
      'from-cli',
      '250',
      '--reason',
      'Paper forms from the march',
    );
    assert.equal(offset.code, 0, offset.stderr);
    assert.match(offset.stdout, /0 -> 250/);
    const campaign = await (await admin('/campaigns/from-cli')).json();
    assert.equal(campaigns.syncExternalChanges(), false, 'the admin API has picked the change up');
    assert.deepEqual(campaign.counter, { signatures: 0, offset: 250, total: 250, goal: null });
    const audit = (await (await admin('/campaigns/from-cli/audit')).json()).data;
    assert.deepEqual(
      audit.map((entry: { action: string; actor: string }) => `${entry.action}/${entry.actor}`),
      ['create/cli', 'offset/cli'],
    );
    assert.equal(audit[1].reason, 'Paper forms from the march');
    assert.equal((await cli(file, 'create-campaign', json)).code, 2, 'a taken slug');
  });

  it('makes a key that works, lists it without the key, revokes it', async () => {
    const { file, app } = makeAdminApp();
    const made = await cli(file, 'create-key', '--label', 'Nightly export');
    assert.equal(made.code, 0);
    const key = made.stdout.trim();
    assert.match(key, /^pk_[\w-]{43}$/);
    const call = () =>
      app.request('/api/admin/campaigns', { headers: { authorization: `Bearer ${key}` } });
    assert.equal((await call()).status, 200);
    const listed = await cli(file, 'list-keys');
    assert.match(listed.stdout, /^1\tNightly export\tcreated \S+\tlast used \S+\tactive$/m);
    assert.ok(!listed.stdout.includes(key.slice(3)));
    assert.equal((await cli(file, 'revoke-key', '1')).code, 0);
    assert.equal((await call()).status, 401);
  });

  it('exports a CSV to an owner-only file with progress on stderr, the same bytes the API serves', async () => {
    const { file, admin, db, campaigns, campaign } = makeAdminApp();
    insertRows(db, campaigns, campaign.id, 4321);
    const out = path.join(tempDir(), 'delivery.csv');
    const result = await cli(file, 'export', 'el-salvador', 'delivery', '--out', out);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /\[#{30}\] 100% 3889\/3889/);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
    const api = Buffer.from(
      await (await admin('/campaigns/el-salvador/delivery.csv')).arrayBuffer(),
    );
    assert.ok(fs.readFileSync(out).equals(api));
    assert.equal(
      (await cli(file, 'export', 'el-salvador', 'delivery', '--out', out)).code,
      2,
      'no overwrite without --force',
    );
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
    const result = await cli(file, 'backup', backup);
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
