/**
 * Webhooks against a real receiver on 127.0.0.1 and the real server over HTTP (startServer, the
 * worker running), on both engines: signed and verifiable deliveries; a partner's hook gets only
 * what its key may read; erasure and campaign events; a flagged signature is sent once counted; a
 * receiver down then up gets everything, in order; a hanging receiver times out; a hook failing
 * past the give-up time is disabled with its reason, and a resend brings it back; a database
 * error in the worker is logged, not thrown. (Two PostgreSQL nodes: webhooks-two-nodes.test.ts;
 * kill -9: test/crash/webhooks-crash.test.ts.)
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { openPgStorage } from '../../server/storage/postgres/index.ts';
import { verifySignature } from '../../server/webhooks/webhook-contract.ts';
import { WebhookSecrets } from '../../server/webhooks/webhook-secrets.ts';
import { backoff, WebhookWorker } from '../../server/webhooks/webhook-worker.ts';
import { OXFAM } from './partner-fixture.ts';
import { makeApp } from './helpers.ts';
import { ENGINES, freshPgDatabase } from './storage-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { FAST, startReceiver, webhookServer } from './webhook-server.ts';

const server = webhookServer;

for (const { engine, skip } of ENGINES) {
  describe(`webhooks on ${engine}`, { skip }, () => {
    it('delivers to a host hook in order, verifiable with its secret; erasure and campaign events follow', async () => {
      const { call, sign } = await server(engine);
      const receiver = await startReceiver();
      const events = ['signature.created', 'signature.erased', 'campaign.updated'];
      const hook = await call('POST', '/api/admin/webhooks', { url: receiver.url, events });
      assert.equal(hook.status, 201);
      const emails = [await sign(), await sign(), await sign()];
      await waitFor(() => receiver.firsts().length === 3, 'three deliveries');
      assert.deepEqual(
        receiver.firsts().map((r) => r.event.data.signature.email),
        emails,
        'in order',
      );
      for (const delivery of receiver.received) {
        const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature)!;
        assert.equal(
          createHmac('sha256', hook.body.secret).update(`${t}.${delivery.body}`).digest('hex'),
          v1,
        );
      }
      const id = receiver.received[1].event.data.signature.id;
      assert.equal((await call('DELETE', `/api/admin/signatures/${id}`)).status, 200);
      assert.equal(
        (await call('PATCH', '/api/admin/campaigns/el-salvador', { goal: 5000 })).status,
        200,
      );
      await waitFor(() => receiver.firsts().length === 5, 'the erasure and the campaign change');
      assert.deepEqual(
        receiver.firsts().map((r) => r.event.type),
        [...events.slice(0, 1), ...events.slice(0, 1), ...events],
        'each after the change before it',
      );
      assert.deepEqual(receiver.firsts('signature.erased')[0].event.data, {
        campaign: 'el-salvador',
        signature: { id },
      });
      assert.equal(receiver.firsts('campaign.updated')[0].event.data.campaign.goal, 5000);
      // The receiver has the last event before the worker records its answer: wait for that.
      const deliveries = async () =>
        (await call('GET', `/api/admin/webhooks/${hook.body.id}/deliveries`)).body;
      const log = await waitFor(async () => {
        const read = await deliveries();
        return read.data[0].state !== 'pending' && read;
      }, 'the worker to record the last answer');
      assert.deepEqual(
        log.data.map((d: { event: string; state: string }) => `${d.event} ${d.state}`),
        [
          ...events.slice(1).reverse(),
          ...events.slice(0, 1),
          ...events.slice(0, 1),
          ...events.slice(0, 1),
        ].map((e) => `${e} delivered`),
        'newest first',
      );
      assert.equal(log.data.at(-1).attempts[0].status, 200);
      await receiver.close();
    });

    describe('a host hook and a partner hook on one campaign', () => {
      let call: Awaited<ReturnType<typeof server>>['call'];
      let sign: Awaited<ReturnType<typeof server>>['sign'];
      let sql: Awaited<ReturnType<typeof server>>['sql'];
      let host: Awaited<ReturnType<typeof startReceiver>>;
      let key: string;
      const events = ['signature.created', 'signature.erased', 'campaign.updated'];
      let hostHook: { status: number; body: { id: number; secret: string } };
      let partnerHook: { body: { id: number; scope: unknown } };
      let signed: { optedIn: string; notOptedIn: string; unattributed: string };
      /** What the partner's hook was queued (it points nowhere: its outbox rows are its record). */
      const partnerOutbox = async (event: string) =>
        (
          await sql<{ body: string | null }>(
            'SELECT body FROM webhook_deliveries WHERE webhook_id = ? AND event = ? ORDER BY id',
            partnerHook.body.id,
            event,
          )
        ).map((row) => (row.body === null ? null : JSON.parse(row.body)));

      before(async () => {
        ({ call, sign, sql } = await server(engine));
        assert.equal(
          (await call('POST', '/api/admin/campaigns/el-salvador/partners', OXFAM)).status,
          201,
        );
        host = await startReceiver();
        key = (
          await call('POST', '/api/admin/keys', {
            label: 'oxfam',
            partner: 'oxfam',
            campaign: 'el-salvador',
          })
        ).body.key;
        hostHook = await call('POST', '/api/admin/webhooks', { url: host.url, events });
        // A partner's hook never reaches this machine, so no receiver here can be its: it points at
        // a name that does not resolve, and what it would be sent is read from its outbox rows.
        partnerHook = await call(
          'POST',
          '/api/admin/webhooks',
          { url: 'https://crm.oxfam.invalid/hook', events },
          key,
        );
        signed = {
          optedIn: await sign({ partner: 'oxfam', partnerOptIn: true }),
          notOptedIn: await sign({ partner: 'oxfam' }),
          unattributed: await sign(),
        };
        await waitFor(() => host.firsts().length === 3, 'deliveries');
      });
      after(() => host?.close());

      it('makes each hook with a secret shown once; a partner key makes one for its own scope and lists only it', async () => {
        assert.equal(hostHook.status, 201);
        assert.match(hostHook.body.secret, /^whsec_/);
        assert.deepEqual(partnerHook.body.scope, { campaignId: 1, partner: 'oxfam' });
        assert.equal(
          (await call('GET', '/api/admin/webhooks')).body.data[0].secret,
          undefined,
          'the secret is shown once',
        );
        assert.deepEqual(
          (await call('GET', '/api/admin/webhooks', undefined, key)).body.data.map(
            (h: { id: number }) => h.id,
          ),
          [partnerHook.body.id],
        );
      });

      it('sends the host hook every counted signature, in signing order', () => {
        assert.deepEqual(
          host.firsts().map((r) => r.event.data.signature.email),
          [signed.optedIn, signed.notOptedIn, signed.unattributed],
          'in order',
        );
      });

      it('signs each delivery so a receiver verifies it with the secret, and not with another body, another secret or an old timestamp', () => {
        const secret = hostHook.body.secret;
        for (const delivery of host.received) {
          assert.ok(
            verifySignature(secret, delivery.signature, delivery.body),
            'verifiable with the secret',
          );
          // As the README tells a receiver to check it, written out here independently of the server.
          const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(delivery.signature)!;
          assert.equal(
            createHmac('sha256', secret).update(`${t}.${delivery.body}`).digest('hex'),
            v1,
          );
          assert.ok(Math.abs(Date.now() / 1000 - Number(t)) < 60, 'a current timestamp');
          assert.ok(
            !verifySignature(secret, delivery.signature, delivery.body + ' '),
            'not with another body',
          );
          assert.ok(
            !verifySignature('whsec_wrong', delivery.signature, delivery.body),
            'not with another secret',
          );
          assert.equal(delivery.event.type, 'signature.created');
          assert.match(delivery.event.id, /^[0-9a-f-]{36}$/);
        }
        const stale = host.received[0].signature.replace(
          /t=(\d+)/,
          (_, t) => `t=${Number(t) - 3600}`,
        );
        assert.ok(
          !verifySignature(secret, stale, host.received[0].body),
          'an old timestamp is refused',
        );
      });

      it('queues for the partner only the supporter who opted in to it, with the receipts and nothing of the page, the flag or the review', async () => {
        const [forPartner, ...more] = await partnerOutbox('signature.created');
        assert.equal(more.length, 0, 'only the supporter who opted in to the partner');
        assert.equal(forPartner.data.signature.email, signed.optedIn);
        assert.equal(forPartner.data.signature.partnerConsent.optIn, true);
        assert.deepEqual(Object.keys(forPartner.data.signature).sort(), [
          'city',
          'consent',
          'country',
          'createdAt',
          'email',
          'firstName',
          'id',
          'lastName',
          'optIn',
          'partner',
          'partnerConsent',
          'postalCode',
        ]);
      });

      it("tries the partner's delivery, and tells the partner's key only the kind of its failure", async () => {
        const partnerLog = async () =>
          (
            await call(
              'GET',
              `/api/admin/webhooks/${partnerHook.body.id}/deliveries`,
              undefined,
              key,
            )
          ).body.data;
        await waitFor(async () => (await partnerLog()).at(-1).attempts.length > 0, 'an attempt');
        const tried = (await partnerLog()).at(-1).attempts[0];
        assert.deepEqual([tried.status, tried.error], [null, 'connection failed']);
      });

      it('sends an erasure, the id only, to every hook that received the person, and keeps no copy of them for the partner', async () => {
        const id = host.received[0].event.data.signature.id;
        assert.equal((await call('DELETE', `/api/admin/signatures/${id}`)).status, 200);
        await waitFor(() => host.firsts('signature.erased').length === 1, 'erasure events');
        assert.deepEqual(host.firsts('signature.erased')[0].event.data, {
          campaign: 'el-salvador',
          signature: { id },
        });
        assert.deepEqual((await partnerOutbox('signature.erased'))[0].data, {
          campaign: 'el-salvador',
          signature: { id },
        });
        assert.deepEqual(
          await partnerOutbox('signature.created'),
          [null],
          'no copy of the erased person kept for the partner',
        );
      });

      it("sends a campaign change to host hooks and to the campaign's partners", async () => {
        assert.equal(
          (await call('PATCH', '/api/admin/campaigns/el-salvador', { goal: 5000 })).status,
          200,
        );
        await waitFor(() => host.firsts('campaign.updated').length === 1, 'campaign events');
        assert.equal(host.firsts('campaign.updated')[0].event.data.campaign.goal, 5000);
        assert.equal((await partnerOutbox('campaign.updated'))[0].data.campaign.goal, 5000);
      });

      it("logs the host's deliveries as delivered or erased, and keeps that log from the partner's key", async () => {
        const log = (await call('GET', `/api/admin/webhooks/${hostHook.body.id}/deliveries`)).body;
        assert.ok(
          log.data.every((d: { state: string }) => d.state === 'delivered' || d.state === 'erased'),
        );
        assert.equal(log.data.at(-1).attempts[0].status, 200);
        assert.equal(
          (await call('GET', `/api/admin/webhooks/${hostHook.body.id}/deliveries`, undefined, key))
            .status,
          404,
          "another's hook",
        );
      });
    });

    it('tells a hook of an erasure that came while the signature was on its way to it', async () => {
      const { call, sign } = await server(engine, { PETITION_WEBHOOK_TIMEOUT_MS: 3000 });
      const receiver = await startReceiver();
      const events = ['signature.created', 'signature.erased'];
      assert.equal(
        (await call('POST', '/api/admin/webhooks', { url: receiver.url, events })).status,
        201,
      );
      receiver.hang(true);
      await sign();
      // The receiver has the request (it may keep the person) and has not answered yet.
      await waitFor(() => receiver.requests() === 1, 'the delivery on its way');
      const [row] = (await call('GET', '/api/admin/campaigns/el-salvador/signatures')).body.data;
      assert.equal((await call('DELETE', `/api/admin/signatures/${row.id}`)).status, 200);
      receiver.hang(false);
      await waitFor(() => receiver.firsts('signature.erased').length === 1, 'the erasure event');
      assert.deepEqual(receiver.firsts('signature.erased')[0].event.data.signature, { id: row.id });
      await receiver.close();
    });

    it('sends nothing for a flagged signature, and sends it once an admin counts it', async () => {
      const { call, sign, sql } = await server(engine, { PETITION_BOT_CHECKS: 'on' });
      const receiver = await startReceiver();
      assert.equal(
        (
          await call('POST', '/api/admin/webhooks', {
            url: receiver.url,
            events: ['signature.created'],
          })
        ).status,
        201,
      );
      const email = await sign(); // no form token: kept, flagged token_missing, not counted
      // Its outbox row would have been written in the signature's own transaction: there is none.
      assert.deepEqual(
        await sql('SELECT id FROM webhook_deliveries'),
        [],
        'a suspect row is not queued',
      );
      assert.equal(receiver.requests(), 0, 'a suspect row is not sent');
      const [row] = (await call('GET', '/api/admin/campaigns/el-salvador/signatures?flagged=true'))
        .body.data;
      assert.equal(row.email, email);
      assert.equal(
        (
          await call('PATCH', `/api/admin/signatures/${row.id}`, {
            flagged: false,
            reason: 'a real person',
          })
        ).status,
        200,
      );
      await waitFor(() => receiver.firsts().length === 1, 'the released signature');
      assert.equal(receiver.received[0].event.data.signature.id, row.id);
      assert.equal(receiver.received[0].event.data.signature.email, email);
      await receiver.close();
    });

    it('refuses URLs that are not https (http only to loopback) and unknown events, with per-field errors', async () => {
      // Without the test setting, as in production (webhook-ssrf.test.ts goes further).
      const { call } = await server(engine, { PETITION_WEBHOOK_ALLOW_LOOPBACK: '0' });
      for (const json of [
        { url: 'http://example.org/hook', events: ['signature.created'] },
        { url: 'ftp://127.0.0.1/hook', events: ['signature.created'] },
        { url: 'https://user:pw@example.org/hook', events: ['signature.created'] },
        { url: 'https://example.org/hook', events: ['signature.deleted'] },
        { url: 'https://example.org/hook', events: [] },
        // The server's own network, over https: not a partner's way in.
        { url: 'https://169.254.169.254/latest/meta-data', events: ['signature.created'] },
        { url: 'https://10.1.2.3/hook', events: ['signature.created'] },
        { url: 'https://[::1]/hook', events: ['signature.created'] },
        { url: 'https://[fd00::1]/hook', events: ['signature.created'] },
        { url: 'https://localhost/hook', events: ['signature.created'] },
      ]) {
        const answer = await call('POST', '/api/admin/webhooks', json);
        assert.equal(answer.status, 422, JSON.stringify(json));
        assert.ok(!JSON.stringify(answer.body).includes('example.org'), 'no echo');
      }
      assert.equal(
        (
          await call('POST', '/api/admin/webhooks', {
            url: 'https://crm.example.org/hook',
            events: ['signature.created'],
          })
        ).status,
        201,
      );
    });

    it('gets everything to a receiver that was down for a while, in order, each event under its one id', async () => {
      const { call, sign } = await server(engine);
      const receiver = await startReceiver();
      const hook = (
        await call('POST', '/api/admin/webhooks', {
          url: receiver.url,
          events: ['signature.created'],
        })
      ).body;
      await receiver.close();
      const emails: string[] = [];
      for (let n = 0; n < 20; n++) emails.push(await sign());
      const log = async () =>
        (await call('GET', `/api/admin/webhooks/${hook.id}/deliveries`)).body.data;
      const down = await waitFor(async () => {
        const read = await log();
        return read.at(-1).attempts.length >= 2 && read;
      }, 'two attempts while the receiver is down');
      const head = down.at(-1);
      assert.equal(head.state, 'pending');
      assert.ok(head.attempts.length >= 2, `retried while down: ${head.attempts.length} attempts`);
      assert.equal(head.attempts[0].error, 'ECONNREFUSED');
      assert.ok(
        down.slice(0, -1).every((d: { attempts: unknown[] }) => d.attempts.length === 0),
        'later events wait their turn',
      );
      receiver.answer(503);
      await receiver.open();
      await waitFor(() => receiver.received.length > 0, 'a delivery answered 503');
      receiver.answer(200);
      await waitFor(() => receiver.firsts('signature.created').length === 20, 'all 20 events');
      assert.deepEqual(
        receiver.firsts().map((r) => r.event.data.signature.email),
        emails,
        'in signing order',
      );
      const ids = receiver.received.map((r) => r.event.id);
      assert.equal(new Set(ids).size, 20);
      await receiver.close();
    });

    it('times out a receiver that does not answer, and disables a hook failing past the give-up time; a resend brings it back', async () => {
      const { call, sign } = await server(engine, { PETITION_WEBHOOK_GIVE_UP_MS: 500 });
      const receiver = await startReceiver();
      const hook = (
        await call('POST', '/api/admin/webhooks', {
          url: receiver.url,
          events: ['signature.created'],
        })
      ).body;
      receiver.hang(true);
      await sign();
      const deliveries = async () =>
        (await call('GET', `/api/admin/webhooks/${hook.id}/deliveries`)).body;
      const log = await waitFor(
        async () => {
          const read = await deliveries();
          return read.webhook.disabledAt !== null && read;
        },
        'the hook disabled',
        { timeout: 8000, every: 100 },
      );
      assert.ok(log.webhook.disabledAt, 'disabled');
      assert.match(log.webhook.disabledReason, /failing since .*last: timeout/i);
      assert.equal(log.data[0].state, 'failed');
      assert.ok(log.data[0].attempts.every((a: { error: string }) => a.error === 'timeout'));
      assert.equal(
        (await call('GET', '/api/admin/webhooks')).body.data[0].disabledReason,
        log.webhook.disabledReason,
        'the admin sees why',
      );

      receiver.hang(false);
      const resent = await call(
        'POST',
        `/api/admin/webhooks/${hook.id}/deliveries/${log.data[0].id}/resend`,
      );
      assert.equal(resent.status, 202);
      await waitFor(() => receiver.firsts().length === 1, 'the resent delivery');
      assert.equal((await deliveries()).webhook.disabledAt, null, 'enabled again');
      assert.equal(
        (await call('POST', `/api/admin/webhooks/${hook.id}/deliveries/${log.data[0].id}/resend`))
          .status,
        409,
        'delivered: nothing to resend',
      );
      await receiver.close();
    });

    it('keeps its timers alive through database errors: logged as a kind, never thrown', async () => {
      const lines: Record<string, unknown>[] = [];
      const timings = { retryMs: 10, retryMaxMs: 10, giveUpMs: 1000, timeoutMs: 100, pollMs: 10 };
      const network = { secrets: new WebhookSecrets(Buffer.alloc(32)), allowLoopback: false };
      let worker: WebhookWorker;
      if (engine === 'sqlite') {
        const { db, webhooks } = makeApp(FAST);
        worker = new WebhookWorker(webhooks.storage, timings, (line) => lines.push(line), network);
        db.close();
      } else {
        const storage = await openPgStorage(await freshPgDatabase());
        worker = new WebhookWorker(storage.webhooks, timings, (line) => lines.push(line), network);
        await storage.close();
      }
      worker.start();
      await waitFor(() => lines.length >= 3, 'three failed ticks logged', 2000);
      await worker.stop();
      assert.deepEqual(Object.keys(lines[0]).sort(), ['error', 'level', 'time', 'what']);
      // The database is closed: the error's kind, no message, no data.
      assert.equal(lines[0].error, engine === 'sqlite' ? 'TypeError' : 'Error');
    });
  });
}

describe('webhook backoff', () => {
  it('backs off exponentially with jitter, up to the cap', () => {
    const timings = { retryMs: 10_000, retryMaxMs: 3_600_000 };
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => backoff(attempt, timings, 1)),
      [10_000, 20_000, 40_000, 80_000],
    );
    assert.deepEqual(
      [1, 2, 3].map((attempt) => backoff(attempt, timings, 0)),
      [5_000, 10_000, 20_000],
      'jitter takes up to half',
    );
    assert.equal(backoff(30, timings, 1), 3_600_000, 'capped');
    assert.equal(backoff(1000, timings, 1), 3_600_000, 'no overflow');
    // Over 3 days at these defaults: about 80 tries, the last an hour apart.
    let elapsed = 0;
    let tries = 0;
    while (elapsed < 3 * 86_400_000) elapsed += backoff(++tries, timings, 0.5);
    assert.ok(tries > 60 && tries < 120, `${tries} tries in 3 days`);
  });
});
