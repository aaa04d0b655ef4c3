/**
 * A hook cannot aim the server at its own network (issue 20, item 1): the address policy
 * (network/internal-address.ts), the lookup that enforces it at connect time
 * (network/guarded-lookup.ts), and, on both engines with the real server and a receiver on
 * 127.0.0.1 that counts TCP connections: what the API refuses when a hook is made, that a
 * partner's hook never connects to loopback whatever its URL says or resolves to (through the
 * machine's real resolver: `localhost`), that a host hook does only under the test setting, and
 * that a partner reads only the kind of each failure.
 */
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { describe, it } from 'node:test';
import { guardedLookup } from '../../server/network/guarded-lookup.ts';
import { parseSettings } from '../../server/config/settings.ts';
import type { Resolve } from '../../server/network/guarded-lookup.ts';
import { GLOBAL_ONLY, isAllowedAddress } from '../../server/network/internal-address.ts';
import { WebhookPoster } from '../../server/webhooks/webhook-post.ts';
import { WebhookSecrets } from '../../server/webhooks/webhook-secrets.ts';
import { WebhookWorker } from '../../server/webhooks/webhook-worker.ts';
import { openApp } from './engine-app.ts';
import { OXFAM } from './partner-fixture.ts';
import { waitFor } from '../wait-for.ts';
import { ENGINES } from './storage-fixture.ts';
import { insertHook, startReceiver, webhookServer } from './webhook-server.ts';

const INTERNAL = [
  '0.0.0.0',
  '0.1.2.3',
  '10.0.0.1',
  '100.64.0.1',
  '100.127.255.254',
  '127.0.0.1',
  '127.255.255.254',
  '169.254.169.254',
  '172.16.0.1',
  '172.31.255.255',
  '192.0.0.8',
  '192.0.2.2',
  '192.168.1.1',
  '198.18.0.1',
  '198.19.255.255',
  '198.51.100.7',
  '203.0.113.9',
  '224.0.0.1',
  '239.255.255.250',
  '240.0.0.1',
  '255.255.255.255',
  '::',
  '::1',
  '::ffff:127.0.0.1',
  '::ffff:8.8.8.8',
  '::127.0.0.1',
  '64:ff9b::7f00:1',
  '64:ff9b::808:808',
  '100::1',
  '2001::1',
  '2001:db8::1',
  '2002:7f00:1::1',
  '2002:808:808::1',
  '3fff::1',
  'fc00::1',
  'fd12:3456::1',
  'fe80::1',
  'fec0::1',
  'ff02::1',
];
const GLOBAL = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '100.128.0.1',
  '172.32.0.1',
  '2606:4700::1111',
  '2a00:1450:4001::1',
];

describe('PETITION_WEBHOOK_ALLOW_LOOPBACK', () => {
  it('is off by default, 0 or 1, and 1 only on a server listening on loopback', () => {
    const setting = (env: Record<string, string>) => {
      const parsed = parseSettings(env);
      return 'error' in parsed ? parsed.error : parsed.PETITION_WEBHOOK_ALLOW_LOOPBACK;
    };
    assert.equal(setting({}), '0');
    assert.equal(setting({ PETITION_WEBHOOK_ALLOW_LOOPBACK: '1' }), '1');
    assert.equal(setting({ PETITION_WEBHOOK_ALLOW_LOOPBACK: '1', HOST: '::1' }), '1');
    assert.match(
      setting({ PETITION_WEBHOOK_ALLOW_LOOPBACK: '1', HOST: '0.0.0.0' }),
      /^Invalid setting PETITION_WEBHOOK_ALLOW_LOOPBACK: a test setting: 1 only with a loopback HOST/,
    );
    assert.match(setting({ PETITION_WEBHOOK_ALLOW_LOOPBACK: 'yes' }), /one of 0, 1/);
    assert.equal(setting({ PETITION_WEBHOOK_ALLOW_LOOPBACK: '0', HOST: '0.0.0.0' }), '0');
  });
});

describe('internal addresses', () => {
  it('lets only globally reachable addresses through; loopback only when the policy says so', () => {
    for (const address of INTERNAL) {
      assert.equal(isAllowedAddress(address, GLOBAL_ONLY), false, address);
    }
    for (const address of GLOBAL)
      assert.equal(isAllowedAddress(address, GLOBAL_ONLY), true, address);
    const loopback = { loopback: true };
    for (const address of ['127.0.0.1', '127.1.2.3', '::1']) {
      assert.equal(isAllowedAddress(address, loopback), true, address);
    }
    for (const address of ['10.0.0.1', '169.254.169.254', '::ffff:127.0.0.1', 'fd00::1']) {
      assert.equal(isAllowedAddress(address, loopback), false, `${address}: loopback only`);
    }
    assert.equal(isAllowedAddress('fe80::1%eth0', loopback), false, 'a zone is no address');
    assert.equal(isAllowedAddress('example.org', loopback), false);
  });

  it('refuses a name when any address it resolves to is internal, each time it is resolved', async () => {
    const answers: LookupAddress[][] = [
      [{ address: '93.184.215.14', family: 4 }],
      [{ address: '127.0.0.1', family: 4 }], // rebound since the last lookup
      [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.7', family: 4 },
      ],
      [{ address: '2606:4700::1111', family: 6 }],
    ];
    let asked = 0;
    const resolve: Resolve = (_name, _options, callback) => callback(null, answers[asked++]);
    const lookup = guardedLookup(GLOBAL_ONLY, resolve);
    const outcome = (all: boolean) =>
      new Promise<string>((done) =>
        lookup('crm.example.org', { all }, (error, address) =>
          done(error ? String(error.code) : JSON.stringify(address)),
        ),
      );
    assert.equal(await outcome(false), '"93.184.215.14"');
    assert.equal(await outcome(false), 'ERR_ADDRESS_REFUSED');
    assert.equal(
      await outcome(true),
      'ERR_ADDRESS_REFUSED',
      'one internal address among public ones',
    );
    assert.equal(await outcome(true), '[{"address":"2606:4700::1111","family":6}]');
  });
});

for (const { engine, skip } of ENGINES) {
  describe(`webhook addresses on ${engine}`, { skip }, () => {
    /** The server (with the test setting unless told otherwise), the oxfam partner and its key. */
    async function partnerServer(allowLoopback: '0' | '1') {
      const server = await webhookServer(engine, {
        PETITION_WEBHOOK_ALLOW_LOOPBACK: allowLoopback,
      });
      assert.equal(
        (await server.call('POST', '/api/admin/campaigns/el-salvador/partners', OXFAM)).status,
        201,
      );
      const made = await server.call('POST', '/api/admin/keys', {
        label: 'oxfam',
        partner: 'oxfam',
        campaign: 'el-salvador',
      });
      return { ...server, partnerKey: made.body.key as string };
    }

    it('refuses, when a hook is made, internal addresses, and plain http except to loopback for a host hook under the test setting', async () => {
      const { call, partnerKey } = await partnerServer('1');
      const hook = (url: string, key?: string) =>
        call('POST', '/api/admin/webhooks', { url, events: ['campaign.updated'] }, key);
      // This machine, however spelled: a partner never; the host under the test setting.
      const loopback = [
        'https://127.0.0.1/hook',
        'https://2130706433/hook', // 127.0.0.1 as one number
        'https://0x7f.1/hook',
        'https://[::1]/hook',
        'https://localhost/hook',
        'https://db.localhost./hook',
        'http://127.0.0.1:22/',
        'http://localhost:5432/',
      ];
      // Never, for anyone.
      const internal = [
        'https://[::ffff:127.0.0.1]/hook',
        'https://0.0.0.0/hook',
        'https://10.0.0.1/hook',
        'https://100.64.0.1/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://192.0.0.8/hook',
        'https://198.18.0.1/hook',
        'https://224.0.0.1/hook',
        'https://240.0.0.1/hook',
        'https://[64:ff9b::7f00:1]/hook',
        'https://[2002:7f00:1::1]/hook',
        'https://[fd00::1]/hook',
        'https://[fec0::1]/hook',
        'https://[fe80::1]/hook',
        'http://10.0.0.1/hook',
        'http://crm.example.org/hook',
      ];
      for (const url of [...loopback, ...internal]) {
        const answer = await hook(url, partnerKey);
        assert.equal(answer.status, 422, `a partner: ${url}`);
        assert.equal(answer.body.errors[0].field, 'url');
        assert.ok(!JSON.stringify(answer.body).includes(url), 'no echo');
      }
      for (const url of internal) assert.equal((await hook(url)).status, 422, `the host: ${url}`);
      for (const url of loopback) assert.equal((await hook(url)).status, 201, `the host: ${url}`);
      assert.equal((await hook('https://crm.oxfam.example/hook', partnerKey)).status, 201);

      const production = await webhookServer(engine, { PETITION_WEBHOOK_ALLOW_LOOPBACK: '0' });
      for (const url of [
        'http://127.0.0.1:9/hook',
        'https://localhost/hook',
        'https://[::1]/hook',
      ]) {
        const answer = await production.call('POST', '/api/admin/webhooks', {
          url,
          events: ['campaign.updated'],
        });
        assert.equal(answer.status, 422, `without the test setting: ${url}`);
      }
    });

    it("never connects a partner's hook to loopback, whatever its URL says or resolves to; a host hook only under the test setting", async () => {
      const { call, sql, partnerKey } = await partnerServer('1');
      const receiver = await startReceiver();
      const { port } = receiver;
      // Rows an older version accepted from a partner key: names the machine's own resolver
      // answers with loopback, and literals (which net.connect never resolves).
      const partnerUrls = [
        `http://localhost:${port}/hook`,
        `https://localhost:${port}/hook`,
        `http://127.0.0.1:${port}/hook`,
        `http://[::ffff:127.0.0.1]:${port}/hook`,
      ];
      const partnerHooks: number[] = [];
      for (const url of partnerUrls) {
        partnerHooks.push(
          await insertHook(sql, { url, events: ['campaign.updated'], partner: 'oxfam' }),
        );
      }
      // The control: a receiver of its own, through the same resolver, for a host hook under the
      // test setting, is reached (so a connection would have been seen).
      const control = await startReceiver();
      const host = await call('POST', '/api/admin/webhooks', {
        url: `http://localhost:${control.port}/hook`,
        events: ['campaign.updated'],
      });
      assert.equal(host.status, 201);
      assert.equal(
        (await call('PATCH', '/api/admin/campaigns/el-salvador', { goal: 5000 })).status,
        200,
      );
      await waitFor(() => control.received.length >= 1, "the host hook's delivery");
      const attempts = async (id: number, key?: string) =>
        (await call('GET', `/api/admin/webhooks/${id}/deliveries`, undefined, key)).body.data[0]
          .attempts as { status: number | null; error: string | null }[];
      for (const id of partnerHooks) {
        await waitFor(async () => (await attempts(id)).length > 0, `an attempt of hook ${id}`);
      }
      assert.equal(receiver.connections(), 0, "no partner hook's connection reached loopback");
      assert.equal(control.received[0].event.type, 'campaign.updated');
      for (const id of partnerHooks) {
        // The admin reads why; the partner only that the connection failed.
        assert.equal((await attempts(id))[0].error, 'ERR_ADDRESS_REFUSED');
        const [seen] = await attempts(id, partnerKey);
        assert.deepEqual([seen.status, seen.error], [null, 'connection failed']);
      }
    });

    it('connects a host hook to loopback only under the test setting', async () => {
      const { call, sql } = await webhookServer(engine, { PETITION_WEBHOOK_ALLOW_LOOPBACK: '0' });
      const receiver = await startReceiver();
      const ids = [
        await insertHook(sql, {
          url: `http://localhost:${receiver.port}/hook`,
          events: ['campaign.updated'],
        }),
        await insertHook(sql, { url: `${receiver.url}`, events: ['campaign.updated'] }),
      ];
      assert.equal(
        (await call('PATCH', '/api/admin/campaigns/el-salvador', { goal: 5000 })).status,
        200,
      );
      for (const id of ids) {
        await waitFor(
          async () =>
            (await call('GET', `/api/admin/webhooks/${id}/deliveries`)).body.data[0].attempts
              .length > 0,
          `an attempt of hook ${id}`,
        );
        const [attempt] = (await call('GET', `/api/admin/webhooks/${id}/deliveries`)).body.data[0]
          .attempts;
        assert.equal(attempt.error, 'ERR_ADDRESS_REFUSED');
      }
      assert.equal(receiver.connections(), 0, 'nothing reached loopback');
    });

    it('checks the address a delivery resolves to when it connects, not when the hook was made', async () => {
      const app = await openApp(engine);
      assert.equal(
        (await app.admin('/campaigns/el-salvador/partners', { method: 'POST', json: OXFAM }))
          .status,
        201,
      );
      const partnerKey = (
        await (
          await app.admin('/keys', {
            method: 'POST',
            json: { label: 'o', partner: 'oxfam', campaign: 'el-salvador' },
          })
        ).json()
      ).key;
      // One receiver each, so the partner's can be seen to get no connection at all.
      const partnerReceiver = await startReceiver();
      const hostReceiver = await startReceiver();
      const make = async (name: string, port: number, key?: string) => {
        const made = await app.admin('/webhooks', {
          method: 'POST',
          key,
          json: { url: `https://${name}:${port}/hook`, events: ['campaign.updated'] },
        });
        assert.equal(made.status, 201, 'a name is not resolved when a hook is made');
        return (await made.json()).id as number;
      };
      const partnerHook = await make('crm.oxfam.example', partnerReceiver.port, partnerKey);
      const hostHook = await make('crm.host.example', hostReceiver.port);
      // DNS as a hostile partner runs it: by delivery time, its name points at our loopback.
      const asked: string[] = [];
      const resolve: Resolve = (name, _options, callback) => {
        asked.push(name);
        callback(null, [{ address: '127.0.0.1', family: 4 }]);
      };
      const worker = new WebhookWorker(
        app.storage.webhooks,
        { retryMs: 60_000, retryMaxMs: 60_000, giveUpMs: 600_000, timeoutMs: 2000, pollMs: 25 },
        () => {},
        {
          secrets: new WebhookSecrets(app.secret),
          allowLoopback: true,
          poster: new WebhookPoster(resolve),
        },
      );
      assert.equal(
        (await app.admin('/campaigns/el-salvador', { method: 'PATCH', json: { goal: 5000 } }))
          .status,
        200,
      );
      worker.start();
      const attempts = async (id: number) =>
        (await (await app.admin(`/webhooks/${id}/deliveries`)).json()).data[0].attempts;
      try {
        await waitFor(
          async () => (await attempts(partnerHook)).length > 0,
          "the partner hook's attempt",
        );
        await waitFor(async () => (await attempts(hostHook)).length > 0, "the host hook's attempt");
      } finally {
        await worker.stop();
      }
      assert.deepEqual(asked.sort(), ['crm.host.example', 'crm.oxfam.example']);
      assert.equal((await attempts(partnerHook))[0].error, 'ERR_ADDRESS_REFUSED');
      // The host hook, under the test setting, did connect: https to a plain http receiver fails
      // its handshake, which the admin reads exactly.
      assert.equal(partnerReceiver.connections(), 0, "no partner hook's connection");
      assert.ok(hostReceiver.connections() >= 1, "the host hook's connection");
      assert.match((await attempts(hostHook))[0].error, /SSL|TLS|EPROTO|ECONNRESET/);
    });
  });
}
