/**
 * Partner keys: made for one partner of one campaign, they read that campaign, that partner's
 * counts and the signatures that partner brought that opted in to it (list and CSV, with consent
 * receipts), and nothing of anyone else's. (security.test.ts walks every admin route with one.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectProblem } from './admin-helpers.ts';
import { HIDDEN, partnerWorld } from './partner-fixture.ts';

describe('partner keys', () => {
  it('list and export only the signatures their partner brought that opted in to it, with receipts', async () => {
    const { admin, emails, partnerKey } = await partnerWorld();
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

  it("see their partner's counts and what their campaign runs on, not the host's settings", async () => {
    const { admin, partnerKey } = await partnerWorld();
    const stats = await (await admin('/campaigns/el-salvador/stats', { key: partnerKey })).json();
    assert.equal(stats.partner, 'oxfam');
    // Counted rows the partner brought: visible, visible2, noPartnerOptIn (the flagged one is not counted).
    assert.deepEqual([stats.signatures, stats.optedIn, stats.partnerOptedIn], [3, 1, 2]);
    assert.equal(stats.byDay.length, 1);
    assert.equal(stats.byPartner, undefined, "no other partner's numbers");
    const campaign = await (await admin('/campaigns/el-salvador', { key: partnerKey })).json();
    assert.equal(campaign.slug, 'el-salvador');
    assert.equal(campaign.allowedOrigins, undefined);
    assert.equal(campaign.offset, undefined);
  });

  it('are made only for a partner the campaign has, listed with their scope, revoked with the partner', async () => {
    const { admin, partnerKey, keyId } = await partnerWorld();
    const make = (json: unknown) => admin('/keys', { method: 'POST', json });
    const fields = async (json: unknown) =>
      (await expectProblem(await make(json), 422)).errors.map(
        (error: { field: string }) => error.field,
      );
    assert.deepEqual(await fields({ label: 'x', partner: 'oxfam' }), ['campaign']);
    assert.deepEqual(await fields({ label: 'x', campaign: 'el-salvador' }), ['partner']);
    assert.deepEqual(await fields({ label: 'x', partner: 'greenpeace', campaign: 'el-salvador' }), [
      'partner',
    ]);
    assert.deepEqual(await fields({ label: 'x', partner: 'oxfam', campaign: 'nowhere' }), [
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
    assert.equal((await admin('/campaigns/el-salvador/stats', { key: partnerKey })).status, 200);
    assert.equal(
      (await admin('/campaigns/el-salvador/partners/oxfam', { method: 'DELETE' })).status,
      200,
    );
    assert.equal(
      (await admin('/campaigns/el-salvador/stats', { key: partnerKey })).status,
      401,
      'revoked with its partner',
    );
  });
});
