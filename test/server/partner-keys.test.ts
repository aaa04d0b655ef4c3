/**
 * Partner keys, on both engines: made for one partner of one campaign, they read that campaign,
 * that partner's counts and the signatures that partner brought that opted in to it (list and
 * CSV, with consent receipts), and nothing of anyone else's. The walk at the end takes every
 * admin route from the router itself and calls it with a partner key, for its own campaign,
 * another and an unknown one.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { expectProblem } from './admin-helpers.ts';
import { adminRoutesOf } from './admin-routes.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { HIDDEN, partnerWorld } from './partner-fixture.ts';

/** The admin routes a partner key may call (for its own campaign): partner-scope.ts's list. */
const PARTNER_ROUTES = new Set([
  'GET /api/admin/me',
  'GET /api/admin/campaigns/:slug',
  'GET /api/admin/campaigns/:slug/stats',
  'GET /api/admin/campaigns/:slug/signatures',
  'GET /api/admin/campaigns/:slug/signatures.csv',
  'GET /api/admin/webhooks',
  'POST /api/admin/webhooks',
  'DELETE /api/admin/webhooks/:id',
  'POST /api/admin/webhooks/:id/secret',
  'GET /api/admin/webhooks/:id/deliveries',
  'POST /api/admin/webhooks/:id/deliveries/:delivery/resend',
]);

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`partner keys on ${engine}`, { skip }, () => {
    it('list and export only the signatures their partner brought that opted in to it, with receipts', async () => {
      const app = await open();
      const { admin } = app;
      const { emails, partnerKey } = await partnerWorld(app);
      const as = (path: string) => admin(path, { key: partnerKey });
      for (const query of [
        '',
        '?partner=amnesty',
        '?partnerOptIn=false',
        '?flagged=true',
        '?partner=amnesty&partnerOptIn=false&flagged=true',
      ]) {
        const page = await (await as(`/campaigns/el-salvador/signatures${query}`)).json();
        assert.deepEqual(
          page.data.map((row: { email: string }) => row.email),
          [emails.visible, emails.visible2],
          `query ${query}`,
        );
        assert.equal(page.data[0].partnerConsent.optIn, true);
        assert.match(page.data[0].partnerConsent.version, /^[0-9a-f]{16}$/);
      }
      const hostOptIns = await (
        await as('/campaigns/el-salvador/signatures?partner=amnesty&optIn=true')
      ).json();
      assert.deepEqual(
        hostOptIns.data.map((row: { email: string }) => row.email),
        [emails.visible2],
        'other filters still narrow',
      );
      const csv = await (await as('/campaigns/el-salvador/signatures.csv')).text();
      const lines = csv.trim().split('\r\n');
      assert.equal(lines.length, 3, 'header and two rows');
      assert.ok(lines[1].includes(emails.visible) && lines[2].includes(emails.visible2));
      for (const name of HIDDEN) assert.ok(!csv.includes(emails[name]), name);
      await expectProblem(await as('/campaigns/el-salvador/delivery.csv'), 403);
      await expectProblem(await as('/campaigns/other/signatures'), 403);
    });

    it("see what their campaign runs on, not the host's settings", async () => {
      const app = await open();
      const { partnerKey } = await partnerWorld(app);
      const campaign = await (
        await app.admin('/campaigns/el-salvador', { key: partnerKey })
      ).json();
      assert.equal(campaign.slug, 'el-salvador');
      assert.equal(campaign.allowedOrigins, undefined);
      assert.equal(campaign.offset, undefined);
    });

    it("see their partner's counts, by day, and no other partner's", async () => {
      const app = await open();
      const { partnerKey } = await partnerWorld(app);
      const stats = await (
        await app.admin('/campaigns/el-salvador/stats', { key: partnerKey })
      ).json();
      assert.equal(stats.partner, 'oxfam');
      // Counted rows the partner brought: visible, visible2, noPartnerOptIn (the flagged one is not counted).
      assert.deepEqual([stats.signatures, stats.optedIn, stats.partnerOptedIn], [3, 1, 2]);
      assert.equal(stats.byDay.length, 1);
      assert.equal(stats.byPartner, undefined, "no other partner's numbers");
    });

    it('are made only for a partner the campaign has, listed with their scope, revoked with the partner', async () => {
      const app = await open();
      const { admin } = app;
      const { partnerKey, keyId } = await partnerWorld(app);
      const make422 = async (json: unknown) =>
        (await expectProblem(await admin('/keys', { method: 'POST', json }), 422)).errors.map(
          (error: { field: string }) => error.field,
        );
      assert.deepEqual(await make422({ label: 'x', partner: 'oxfam' }), ['campaign']);
      assert.deepEqual(await make422({ label: 'x', campaign: 'el-salvador' }), ['partner']);
      assert.deepEqual(
        await make422({ label: 'x', partner: 'greenpeace', campaign: 'el-salvador' }),
        ['partner'],
      );
      assert.deepEqual(await make422({ label: 'x', partner: 'oxfam', campaign: 'nowhere' }), [
        'campaign',
      ]);
      await expectProblem(
        await admin('/keys', { method: 'POST', json: { label: 'y' }, key: partnerKey }),
        403,
      );
      const listed = (await (await admin('/keys')).json()).data.find(
        (key: { id: number }) => key.id === keyId,
      );
      assert.deepEqual(listed.scope, { campaignId: 1, partner: 'oxfam' });
      assert.equal((await admin('/campaigns/el-salvador', { key: partnerKey })).status, 200);
      assert.equal(
        (await admin('/campaigns/el-salvador/partners/oxfam', { method: 'DELETE' })).status,
        200,
      );
      assert.equal(
        (await admin('/campaigns/el-salvador', { key: partnerKey })).status,
        401,
        'revoked with its partner',
      );
    });

    it("take their partner's webhooks with them when the partner is removed", async () => {
      const app = await open();
      const { partnerKey } = await partnerWorld(app);
      const hook = { url: 'https://crm.example.org/hook', events: ['signature.created'] };
      const own = await app.admin('/webhooks', { method: 'POST', json: hook, key: partnerKey });
      assert.equal(own.status, 201, await own.clone().text());
      assert.equal((await app.admin('/webhooks', { method: 'POST', json: hook })).status, 201);
      const hookCount = async () => (await (await app.admin('/webhooks')).json()).data.length;
      assert.equal(await hookCount(), 2);
      await app.admin('/campaigns/el-salvador/partners/oxfam', { method: 'DELETE' });
      assert.equal(await hookCount(), 1, "the partner's hook is gone, the host's stays");
    });

    it('name their campaign and partner at GET /me', async () => {
      const app = await open();
      const { admin } = app;
      const { partnerKey, keyId } = await partnerWorld(app);
      assert.deepEqual(await (await admin('/me')).json(), {
        role: 'admin',
        actor: 'token',
        keyId: null,
        scope: null,
      });
      assert.deepEqual(await (await admin('/me', { key: partnerKey })).json(), {
        role: 'partner',
        actor: 'key',
        keyId,
        scope: { campaign: 'el-salvador', partner: 'oxfam' },
      });
      assert.equal((await admin('/me', { key: 'not-a-key-at-all-00000' })).status, 401);
    });

    it('reach only their partner routes of their own campaign: 403 everywhere else, nothing changed, nothing of others seen', async () => {
      const app = await open();
      const { emails, ids, partnerKey } = await partnerWorld(app);
      // Each table as a hash (a diff of whole tables would drown the failure); a key's last use may move.
      const tables = ['signatures', 'campaigns', 'partners', 'audit_log', 'idempotency_keys'];
      const snapshot = async () => {
        const all = [
          ...(await Promise.all(
            tables.map((table) => app.query(`SELECT * FROM ${table} ORDER BY 1, 2`)),
          )),
          await app.query(
            'SELECT id, label, revoked_at, campaign_id, partner FROM admin_keys ORDER BY id',
          ),
        ];
        return all.map(
          (rows, i) =>
            `${tables[i] ?? 'admin_keys'}:${createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 12)}`,
        );
      };
      const before = await snapshot();
      const headers = { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' };
      let allowed = 0;
      for (const [slug, own] of [
        ['el-salvador', true],
        ['other', false],
        ['no-such-campaign', false],
      ] as const) {
        for (const { method, pattern, path } of adminRoutesOf(
          app.routes,
          slug,
          String(ids.visible),
        )) {
          const response = await app.request(path, {
            method,
            headers,
            body: method === 'GET' ? undefined : '{}',
          });
          const text = await response.text();
          if (own && PARTNER_ROUTES.has(`${method} ${pattern}`)) {
            allowed++;
            assert.notEqual(response.status, 403, `${method} ${path} is a partner route`);
            assert.ok(response.status < 500, `${method} ${path} -> ${response.status}`);
          } else if (!(!pattern.includes(':slug') && PARTNER_ROUTES.has(`${method} ${pattern}`))) {
            // (A partner route without a campaign in its path, /me or /webhooks, is the key's own.)
            assert.equal(response.status, 403, `${method} ${path} with a partner key`);
            assert.equal(response.headers.get('content-type'), 'application/problem+json');
          }
          for (const name of HIDDEN)
            assert.ok(!text.includes(emails[name]), `${method} ${path} shows ${name}`);
        }
      }
      assert.ok(allowed >= 4, `${allowed} partner routes answered`);
      // The webhooks a partner key made in the walk are its own; everything else is as it was.
      assert.deepEqual(await snapshot(), before, 'a partner key changed nothing it may not');
    });
  });
}
