/**
 * Confirmation mails with two API nodes (the production bundle, server/dist/main.js, twice) on one
 * PostgreSQL, both sending to one real SMTP server on 127.0.0.1: signatures spread over both nodes
 * give exactly one mail each, none twice, though both nodes' workers claim from the same outbox all
 * along (FOR UPDATE SKIP LOCKED), and a link mailed by one node confirms through the other.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { waitFor } from '../wait-for.ts';
import { linkIn, startSmtp } from './smtp-receiver.ts';
import { freshPgDatabase, pgSkip } from './storage-fixture.ts';

const TOKEN = 'mail-nodes-token-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

describe('confirmation mails from two PostgreSQL nodes', { skip: pgSkip }, () => {
  it('sends each mail once, whichever node took the signature; a link confirms on either node', async () => {
    const smtp = await startSmtp();
    cleanups.push(smtp.close);
    const url = await freshPgDatabase();
    const node = async () => {
      const child: ServerChild = await spawnServer(
        {
          ...smtp.settings,
          DATABASE_URL: url,
          PETITION_SECRET: 'mail-nodes-secret-0123456789abcdef',
          PETITION_ADMIN_TOKEN: TOKEN,
          PETITION_BOT_CHECKS: 'off',
          PETITION_RATE_LIMIT: 'off',
          PETITION_LOG: 'off',
          PETITION_MAIL_POLL_MS: '25',
          PORT: '0',
        },
        { fixtures: false },
      );
      cleanups.push(child.stop);
      return child;
    };
    const a = await node();
    const b = await node();
    const patched = await fetch(`${a.url}/api/admin/campaigns/el-salvador`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ verification: 'email' }),
    });
    assert.equal(patched.status, 200);
    // B hears of the change by NOTIFY: wait until it serves the campaign as verified.
    await waitFor(
      async () =>
        (await (await fetch(`${b.url}/api/campaigns/el-salvador`)).json()).verification === 'email',
      'node B to hear the change',
    );
    const emails = Array.from({ length: 40 }, (_, n) => `nodes.${process.pid}.${n}@example.org`);
    const answers = await Promise.all(
      emails.map((email, n) =>
        fetch(`${(n % 2 ? a : b).url}/api/campaigns/el-salvador/signatures`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ firstName: 'A', lastName: 'B', email, city: 'C' }),
        }),
      ),
    );
    assert.ok(answers.every((answer) => answer.status === 200));
    await waitFor(() => emails.every((email) => smtp.to(email).length > 0), 'every mail', 20_000);
    // Every mail recorded as sent by the node that sent it: no claim is left to send it again.
    const db = new pg.Client({ connectionString: url });
    db.on('error', () => {});
    await db.connect();
    try {
      await waitFor(
        async () =>
          (await db.query("SELECT count(*) AS n FROM mail_outbox WHERE state <> 'sent'")).rows[0]
            .n === '0',
        'every mail recorded as sent',
      );
    } finally {
      await db.end();
    }
    assert.equal(smtp.received.length, emails.length, 'exactly one mail each');
    assert.deepEqual(
      emails.filter((email) => smtp.to(email).length !== 1),
      [],
      'none twice',
    );
    // The link goes to PETITION_PUBLIC_URL or the node that wrote it; it confirms on the other too.
    const link = linkIn(smtp.to(emails[0])[0].mail);
    const token = link.slice(link.indexOf('/confirm/'));
    for (const at of [a, b]) {
      const answer = await fetch(`${at.url}${token}`, { method: 'POST' });
      assert.equal(answer.status, at === a ? 200 : 409, 'once, whichever node');
    }
  });
});
