/**
 * The confirmation sweep with a clock the test controls, on both engines: one reminder (a new
 * link) 48 hours after signing when the signature is still unconfirmed, none to a confirmed or
 * bounced address, never a second; after 30 days the unconfirmed signatures are deleted with their
 * links and mails, and how many goes to the audit log with the server as its actor. And for a
 * verified campaign, webhooks hear of a signature when it is confirmed, not when it is made.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { mailsOf, tokenFor, VERIFIED } from './confirmation-fixture.ts';
import { validBody } from './helpers.ts';

const HOUR = 3_600_000;
const TIMES = { remindAfterMs: 48 * HOUR, keepMs: 30 * 24 * HOUR };

const confirm = async (app: TestApp, email: string) =>
  (await app.request(`/confirm/${await tokenFor(app, email)}`, { method: 'POST' })).status;

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`the confirmation sweep on ${engine}`, { skip }, () => {
    it('reminds once after 48 hours, deletes the unconfirmed after 30 days, audited', async () => {
      const app = await open({ campaign: VERIFIED });
      const [pending, confirmed, bounced] = [validBody(), validBody(), validBody()];
      for (const body of [pending, confirmed, bounced]) await app.sign(body);
      assert.equal(await confirm(app, confirmed.email), 200);
      await app.query(
        "UPDATE mail_outbox SET state = 'bounced' WHERE recipient = ?",
        bounced.email,
      );
      const now = Date.now();
      const sweep = (at: number) => app.storage.confirmations.sweep(TIMES, at);

      assert.equal((await sweep(now + 47 * HOUR)).reminded, 0, 'not yet');
      assert.equal((await sweep(now + 49 * HOUR)).reminded, 1);
      const reminders = (await mailsOf(app)).filter((mail) => mail.kind === 'reminder');
      assert.deepEqual(
        reminders.map((mail) => mail.recipient),
        [pending.email],
        'neither the confirmed nor the bounced address',
      );
      assert.equal((await sweep(now + 60 * HOUR)).reminded, 0, 'one reminder, never two');

      const counted = async () =>
        (await (await app.admin('/campaigns/el-salvador')).json()).counter.signatures;
      assert.equal(await counted(), 1);
      const result = await sweep(now + 31 * 24 * HOUR);
      assert.deepEqual([...result.deleted], [[app.campaign.id, 2]]);
      const left = await app.query<{ email: string }>('SELECT email FROM signatures');
      assert.deepEqual(
        left.map((row) => row.email),
        [confirmed.email],
      );
      assert.equal(await counted(), 1, 'they were never counted');
      const tokens = await app.query<{ signature_id: number }>(
        'SELECT signature_id FROM confirmation_tokens',
      );
      assert.ok(
        tokens.length > 0 && tokens.every((t) => t.signature_id === tokens[0].signature_id),
      );
      const audit = (await (await app.admin('/campaigns/el-salvador/audit')).json()).data;
      const deletion = audit.filter(
        (entry: { action: string }) => entry.action === 'unconfirmed_deleted',
      );
      assert.equal(deletion.length, 1);
      assert.equal(deletion[0].actor, 'server');
      assert.equal(deletion[0].newValue, 2);
      const stats = await (await app.admin('/campaigns/el-salvador/stats')).json();
      assert.deepEqual(
        [stats.pending, stats.confirmed, stats.unconfirmedDeleted, stats.confirmationRate],
        [0, 1, 2, 0.3333],
      );
      assert.equal((await sweep(now + 32 * 24 * HOUR)).deleted.size, 0, 'nothing left to delete');
    });

    it('a reminder’s link confirms', async () => {
      const app = await open({ campaign: VERIFIED });
      const body = validBody();
      await app.sign(body);
      await app.storage.confirmations.sweep(TIMES, Date.now() + 49 * HOUR);
      const reminder = (await mailsOf(app)).find((mail) => mail.kind === 'reminder')!;
      const token = JSON.parse(reminder.payload!).token;
      assert.equal((await app.request(`/confirm/${token}`, { method: 'POST' })).status, 200);
      const [{ pending }] = await app.query<{ pending: number }>('SELECT pending FROM signatures');
      assert.equal(pending, 0);
    });

    it('tells webhooks of a verified signature when it is confirmed, not when it is made', async () => {
      const app = await open({
        campaign: VERIFIED,
        settings: { PETITION_WEBHOOK_ALLOW_LOOPBACK: '1' },
      });
      const hook = await app.admin('/webhooks', {
        method: 'POST',
        json: { url: 'http://127.0.0.1:9/hook', events: ['signature.created'] },
      });
      assert.equal(hook.status, 201);
      const body = validBody();
      await app.sign(body);
      const deliveries = () =>
        app.query<{ event: string; body: string }>('SELECT event, body FROM webhook_deliveries');
      assert.deepEqual(await deliveries(), [], 'nothing while it waits');
      assert.equal(await confirm(app, body.email), 200);
      const sent = await deliveries();
      assert.equal(sent.length, 1);
      assert.equal(sent[0].event, 'signature.created');
      const { signature } = JSON.parse(sent[0].body).data;
      assert.equal('pending' in signature, false, 'a hook is sent only what counts');
      assert.ok(Date.parse(signature.consent.confirmedAt) > 0, 'the receipt says when');
    });
  });
}
