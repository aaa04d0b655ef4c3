/**
 * A revoked key's hooks stop with it (issue 20, item 2), on both engines with the real server and
 * its worker: an admin key's hook, a partner key's hook and a hook of a key revoked with the CLI
 * get nothing queued or sent after the revocation, while the admin token's own hook still gets
 * everything; the answers (API and CLI) list the hooks stopped, the hooks read "key revoked", and
 * neither a resend nor a second revocation brings one back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import revokedKeyHooks from '../../server/storage/sqlite/migrations/009-revoked-key-hooks.ts';
import pgRevokedKeyHooks from '../../server/storage/postgres/migrations/005-revoked-key-hooks.ts';
import { PG_MIGRATIONS } from '../../server/storage/postgres/open.ts';
import { MIGRATIONS } from '../../server/storage/sqlite/open.ts';
import { openApp } from './engine-app.ts';
import { OXFAM } from './partner-fixture.ts';
import { cli } from './cli-fixture.ts';
import { ENGINES } from './storage-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { insertHook, startReceiver, webhookServer } from './webhook-server.ts';

const EVENTS = ['signature.created', 'campaign.updated'];

for (const { engine, skip } of ENGINES) {
  describe(`revoked keys' webhooks on ${engine}`, { skip }, () => {
    it('stop in the revocation: nothing queued or sent to them afterwards, the host hook goes on', async () => {
      const { call, sign, sql, settings } = await webhookServer(engine);
      assert.equal(
        (await call('POST', '/api/admin/campaigns/el-salvador/partners', OXFAM)).status,
        201,
      );
      const key = async (json: Record<string, string>) =>
        (await call('POST', '/api/admin/keys', json)).body as { id: number; key: string };
      const admin = await key({ label: 'crm sync' });
      const byCli = await key({ label: 'mailing tool' });
      const partner = await key({ label: 'oxfam', partner: 'oxfam', campaign: 'el-salvador' });
      const [adminReceiver, cliReceiver, hostReceiver] = [
        await startReceiver(),
        await startReceiver(),
        await startReceiver(),
      ];
      const hook = async (url: string, bearer?: string) => {
        const made = await call('POST', '/api/admin/webhooks', { url, events: EVENTS }, bearer);
        assert.equal(made.status, 201);
        return { id: made.body.id as number, url };
      };
      const adminHook = await hook(adminReceiver.url, admin.key);
      const cliHook = await hook(cliReceiver.url, byCli.key);
      // A partner's hook never reaches loopback: what it is sent is read from its outbox rows.
      const partnerHook = await hook('https://crm.oxfam.invalid/hook', partner.key);
      await hook(hostReceiver.url);
      const queued = async (id: number) =>
        Number(
          (
            await sql<{ n: number }>(
              'SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ?',
              id,
            )
          )[0].n,
        );

      await sign({ partner: 'oxfam', partnerOptIn: true });
      await waitFor(
        () =>
          adminReceiver.received.length === 1 &&
          cliReceiver.received.length === 1 &&
          hostReceiver.received.length === 1,
        'each hook its first event',
      );
      assert.equal(await queued(partnerHook.id), 1, "the partner's hook had its supporter");

      const revokedAdmin = await call('DELETE', `/api/admin/keys/${admin.id}`);
      const revokedPartner = await call('DELETE', `/api/admin/keys/${partner.id}`);
      const revokedByCli = await cli(
        engine === 'sqlite'
          ? { DATABASE_PATH: settings.DATABASE_PATH }
          : { DATABASE_URL: settings.DATABASE_URL!, PETITION_SECRET: settings.PETITION_SECRET },
        'revoke-key',
        String(byCli.id),
      );
      assert.equal(revokedByCli.code, 0, revokedByCli.stderr);

      // Afterwards: a signature the partner's hook would have had, and a campaign change.
      await sign({ partner: 'oxfam', partnerOptIn: true });
      assert.equal(
        (await call('PATCH', '/api/admin/campaigns/el-salvador', { goal: 5000 })).status,
        200,
      );
      await waitFor(() => hostReceiver.received.length === 3, "the host hook's two new events");
      for (const [name, id] of [
        ['admin', adminHook.id],
        ['cli', cliHook.id],
      ] as const) {
        assert.equal(await queued(id), 1, `nothing queued for the ${name} key's hook`);
      }
      assert.equal(await queued(partnerHook.id), 1, "nothing queued for the partner key's hook");
      assert.equal(adminReceiver.requests(), 1, "nothing sent to the admin key's hook");
      assert.equal(cliReceiver.requests(), 1, "nothing sent to the CLI-revoked key's hook");

      // What each revocation said, and what the hooks read now.
      assert.equal(revokedAdmin.status, 200);
      assert.deepEqual(revokedAdmin.body.disabledWebhooks, [adminHook]);
      assert.ok(revokedAdmin.body.revokedAt);
      assert.deepEqual(revokedPartner.body.disabledWebhooks, [partnerHook]);
      assert.match(revokedByCli.stdout, new RegExp(`^Key ${byCli.id} revoked\\.$`, 'm'));
      assert.match(revokedByCli.stdout, /^Its webhooks stopped with it \(1\):$/m);
      assert.ok(revokedByCli.stdout.includes(`${cliHook.id}\t${cliHook.url}`));
      const hooks = (await call('GET', '/api/admin/webhooks')).body.data as {
        id: number;
        disabledAt: string | null;
        disabledReason: string | null;
      }[];
      assert.deepEqual(
        hooks.map((h) => [h.id, h.disabledReason, h.disabledAt === null]),
        [
          [adminHook.id, 'key revoked', false],
          [cliHook.id, 'key revoked', false],
          [partnerHook.id, 'key revoked', false],
          [hooks[3].id, null, true],
        ],
      );

      // Nothing brings one back: a resend of its delivery, or revoking the key again.
      const [delivery] = (await call('GET', `/api/admin/webhooks/${partnerHook.id}/deliveries`))
        .body.data;
      const resent = await call(
        'POST',
        `/api/admin/webhooks/${partnerHook.id}/deliveries/${delivery.id}/resend`,
      );
      assert.equal(resent.status, 409);
      const again = await call('DELETE', `/api/admin/keys/${admin.id}`);
      assert.deepEqual(again.body.disabledWebhooks, [], 'already stopped');
      assert.equal(
        (await call('GET', '/api/admin/webhooks')).body.data[2].disabledReason,
        'key revoked',
      );
    });

    it('stop on upgrade when their key was revoked before this version (the migration)', async () => {
      const app = await openApp(engine);
      const revoked = await app.keys.create('revoked before the upgrade');
      const live = await app.keys.create('still in use');
      const events = ['signature.created'];
      const stale = await insertHook(app.query, {
        url: 'https://a.example/h',
        events,
        keyId: revoked.id,
      });
      const kept = await insertHook(app.query, {
        url: 'https://b.example/h',
        events,
        keyId: live.id,
      });
      await app.query(
        'UPDATE admin_keys SET revoked_at = ? WHERE id = ?',
        1_700_000_000_000,
        revoked.id,
      );
      // The upgrade runs the migration once, in its place among the others (later migrations
      // change other columns, so the schema is not rewound here: its SQL runs as migrate runs it).
      const migration = engine === 'sqlite' ? revokedKeyHooks : pgRevokedKeyHooks;
      const list: readonly string[] = engine === 'sqlite' ? MIGRATIONS : PG_MIGRATIONS;
      assert.ok(list.includes(migration), 'a numbered migration');
      await app.query(migration);
      const upgraded = app;
      const rows = await upgraded.query<{
        id: number;
        disabled_at: number | null;
        disabled_reason: string | null;
      }>('SELECT id, disabled_at, disabled_reason FROM webhooks ORDER BY id');
      assert.deepEqual(
        rows.map((row) => [
          Number(row.id),
          row.disabled_at === null ? null : Number(row.disabled_at),
          row.disabled_reason,
        ]),
        [
          [stale, 1_700_000_000_000, 'key revoked'],
          [kept, null, null],
        ],
      );
    });
  });
}
