/**
 * Partners on either engine (engine-app.ts): the oxfam partner, and a world of two campaigns, three partners and signatures of every kind
 * a partner key must tell apart: its partner's opt-ins (the only rows it may see), its partner's
 * non-opt-ins, another partner's opt-ins, unattributed ones, a flagged opt-in, and an opt-in to
 * the same partner slug in another campaign. Everything goes through the HTTP API, so the same
 * world stands on SQLite and on PostgreSQL.
 */
import assert from 'node:assert/strict';
import { elSalvador } from '../../demo/el-salvador.ts';
import type { TestApp } from './engine-app.ts';
import { validBody } from './helpers.ts';

export const OXFAM = {
  slug: 'oxfam',
  name: 'Oxfam Canada',
  privacyUrl: 'https://www.oxfam.ca/privacy/',
  optInText: {
    en: 'Yes, Oxfam Canada may email me about this and other campaigns',
    fr: 'Oui, Oxfam Canada peut m’écrire au sujet de cette campagne et d’autres',
  },
};

/** Adds the oxfam partner to the demo campaign of `app`. */
export async function addOxfam(app: TestApp) {
  const response = await app.admin('/campaigns/el-salvador/partners', {
    method: 'POST',
    json: OXFAM,
  });
  assert.equal(response.status, 201);
}

/** Partners, campaigns, signatures and a partner key for el-salvador/oxfam, on `app`. */
export async function partnerWorld(app: TestApp) {
  const { admin } = app;
  const post = async (path: string, json: unknown) => {
    const response = await admin(path, { method: 'POST', json });
    const text = await response.text();
    assert.ok(response.status < 300, `${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  await post('/campaigns', { ...elSalvador, slug: 'other', status: 'open', verification: 'none' });
  await post('/campaigns/el-salvador/partners', OXFAM);
  await post('/campaigns/el-salvador/partners', { ...OXFAM, slug: 'amnesty', name: 'Amnesty' });
  await post('/campaigns/other/partners', OXFAM);
  const emails: Record<string, string> = {};
  const signed = async (name: string, extra: Record<string, unknown>, slug = 'el-salvador') => {
    const body = validBody(extra);
    emails[name] = body.email;
    assert.equal((await app.sign(body, {}, slug)).status, 201);
  };
  await signed('visible', { partner: 'oxfam', partnerOptIn: true });
  await signed('visible2', { partner: 'oxfam', partnerOptIn: true, optIn: true });
  await signed('noPartnerOptIn', { partner: 'oxfam' });
  await signed('otherPartner', { partner: 'amnesty', partnerOptIn: true });
  await signed('unattributed', { optIn: true });
  await signed('flagged', { partner: 'oxfam', partnerOptIn: true });
  await signed('otherCampaign', { partner: 'oxfam', partnerOptIn: true }, 'other');
  const ids: Record<string, number> = {};
  const page = await (await admin('/campaigns/el-salvador/signatures')).json();
  for (const row of page.data as { id: number; email: string }[])
    for (const [name, email] of Object.entries(emails)) if (row.email === email) ids[name] = row.id;
  const flag = await admin(`/signatures/${ids.flagged}`, {
    method: 'PATCH',
    json: { flagged: true, reason: 'test' },
  });
  assert.equal(flag.status, 200);
  const made = await post('/keys', {
    label: 'Oxfam CRM',
    partner: 'oxfam',
    campaign: 'el-salvador',
  });
  return { emails, ids, partnerKey: made.key as string, keyId: made.id as number };
}

/** Emails a partner key must never see. */
export const HIDDEN = [
  'noPartnerOptIn',
  'otherPartner',
  'unattributed',
  'flagged',
  'otherCampaign',
];
