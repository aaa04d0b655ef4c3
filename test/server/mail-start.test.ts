/**
 * How a server meets mail at start, with the production bundle: off loopback, an open campaign
 * asking for email confirmation and no SMTP server (or no public address for the links) stop it
 * with one line naming the setting; a wrong mail setting too. On loopback with no SMTP server
 * (`npm start`), mails are .eml files in the data folder, their links in the log, listed by the
 * console's development outbox, and the link in the file confirms.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { parseSettings } from '../../server/config/settings.ts';
import { SERVER_BUNDLE, spawnServer } from '../fixtures/spawn-server.ts';
import { TOKEN } from './admin-helpers.ts';
import { tempDir, validBody } from './helpers.ts';
import { waitFor } from '../wait-for.ts';

/** Runs the bundle until it stops; its exit code and stderr. */
function start(env: Record<string, string>) {
  const run = spawnSync(process.execPath, [SERVER_BUNDLE], {
    env: { ...process.env, PORT: '0', PETITION_LOG: 'off', ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: run.status, lines: run.stderr.trim().split('\n') };
}

describe('mail settings at start', () => {
  it('off loopback, an open verified campaign without SMTP stops the server, naming the setting', () => {
    const dir = tempDir();
    // The demo seed asks for confirmation by email and is open.
    const facing = { HOST: '0.0.0.0', PETITION_SEED: 'on', DATABASE_PATH: path.join(dir, 'a.db') };
    const noSmtp = start(facing);
    assert.equal(noSmtp.status, 1);
    assert.equal(noSmtp.lines.length, 1, noSmtp.lines.join('\n'));
    assert.match(noSmtp.lines[0], /PETITION_SMTP_URL is required: campaign el-salvador asks/);

    const noPublicUrl = start({
      ...facing,
      PETITION_SMTP_URL: 'smtp://127.0.0.1:1',
      PETITION_MAIL_FROM: 'petitions@example.org',
    });
    assert.equal(noPublicUrl.status, 1);
    assert.equal(noPublicUrl.lines.length, 1);
    assert.match(noPublicUrl.lines[0], /PETITION_PUBLIC_URL is required/);

    const noFrom = start({ ...facing, PETITION_SMTP_URL: 'smtp://127.0.0.1:1' });
    assert.equal(noFrom.status, 1);
    assert.deepEqual(noFrom.lines, [
      'Invalid setting PETITION_MAIL_FROM: required with PETITION_SMTP_URL (the address mails come from).',
    ]);
  });

  it('names a wrong mail setting in one line', () => {
    const error = (env: Record<string, string>) =>
      (parseSettings(env) as { error?: string }).error ?? '';
    assert.match(
      error({ PETITION_SMTP_URL: 'http://mail.example.org' }),
      /^Invalid setting PETITION_SMTP_URL: must be smtp:/,
    );
    assert.match(
      error({ PETITION_SMTP_URL: 'smtps://mail.example.org', PETITION_MAIL_FROM: 'nobody' }),
      /^Invalid setting PETITION_MAIL_FROM: must be an address/,
    );
    assert.match(error({ PETITION_DKIM_KEY_FILE: '/k.pem' }), /PETITION_DKIM_SELECTOR/);
    assert.match(
      error({ PETITION_PUBLIC_URL: 'https://p.example.org/path' }),
      /PETITION_PUBLIC_URL: must be an origin/,
    );
    const parsed = parseSettings({});
    assert.ok(!('error' in parsed));
    assert.equal(parsed.PETITION_CONFIRM_LINK_DAYS, 30);
    assert.equal(parsed.PETITION_CONFIRM_REMIND_HOURS, 48);
    assert.equal(parsed.PETITION_CONFIRM_KEEP_DAYS, 30);
    assert.equal(parsed.PETITION_MAIL_PER_DAY, 3);
  });
});

describe('mail without SMTP on loopback', () => {
  it('writes each mail as an .eml file, prints its link, lists it in the development outbox; the link confirms', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dev.db');
    // As `npm start`: the demo seeded by the server, asking for confirmation by email.
    const server = await spawnServer(
      {
        DATABASE_PATH: file,
        PETITION_LOG: 'on',
        PETITION_ADMIN_TOKEN: TOKEN,
        PETITION_BOT_CHECKS: 'off',
        PORT: '0',
      },
      { fixtures: false, serverSeed: true },
    );
    try {
      const body = validBody({ lang: 'de' });
      const signed = await fetch(`${server.url}/api/campaigns/el-salvador/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(signed.status, 200);
      const outbox = path.join(dir, 'outbox');
      await waitFor(
        () => fs.existsSync(outbox) && fs.readdirSync(outbox).some((name) => name.endsWith('.eml')),
        'the .eml file',
      );
      const eml = fs.readdirSync(outbox).find((name) => name.endsWith('.eml'))!;
      assert.equal(fs.statSync(path.join(outbox, eml)).mode & 0o777, 0o600);
      const mail = await simpleParser(fs.readFileSync(path.join(outbox, eml)));
      assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', body.email);
      assert.match(mail.subject ?? '', /^Bitte bestätigen Sie Ihre Unterschrift/);
      const link = /http:\/\/\S+\/confirm\/[\w-]{33}\?lang=de/.exec(mail.text ?? '')![0];

      await waitFor(() => server.output().includes(link), 'the link in the log');
      const logged = server
        .output()
        .split('\n')
        .find((line) => line.includes(link))!;
      assert.ok(
        !logged.includes(body.email),
        'the log names the file and the link, not the address',
      );

      const listed = await (
        await fetch(`${server.url}/api/admin/mail/outbox`, {
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).json();
      assert.equal(listed.data.length, 1);
      assert.equal(listed.data[0].link, link);
      assert.equal(listed.data[0].to, body.email);

      assert.equal((await fetch(link, { method: 'POST' })).status, 200);
      const counter = await (await fetch(`${server.url}/api/campaigns/el-salvador/counter`)).json();
      assert.equal(counter.signatures, 1);
    } finally {
      await server.stop();
    }
  });
});
