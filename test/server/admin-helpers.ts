/** Admin test fixtures: the app with an admin token, authorised requests, rows made in bulk. */
import type { Db } from '../../server/storage/sqlite/open.ts';
import type { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import { makeApp } from './helpers.ts';

export const TOKEN = 'test-admin-token-0123456789';

/** The app with PETITION_ADMIN_TOKEN set, and a fetch that sends it. */
export function makeAdminApp(
  overrides: Parameters<typeof makeApp>[0] = {},
  options: Parameters<typeof makeApp>[1] = {},
) {
  const fixture = makeApp({ PETITION_ADMIN_TOKEN: TOKEN, ...overrides }, options);
  const admin = (path: string, init: RequestInit & { json?: unknown; key?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${init.key ?? TOKEN}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    return fixture.app.request(`/api/admin${path}`, { ...init, headers, body });
  };
  return { ...fixture, admin };
}

/**
 * Inserts `count` signatures straight into SQLite (one transaction), a minute apart from `start`,
 * every 10th flagged, every 3rd opted in, partners cycling through three; then brings the stored
 * and in-memory counts in step, as the writer would have.
 */
export function insertRows(
  db: Db,
  campaigns: CampaignStore,
  campaignId: number,
  count: number,
  start = Date.UTC(2026, 0, 1),
) {
  const insert = db.prepare(
    `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, country, opt_in, lang,
       consent_hash, partner, flagged, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'en', 'c0ffee', ?, ?, ?)`,
  );
  const partners = ['oxfam', 'amnesty', null];
  db.transaction(() => {
    for (let n = 0; n < count; n++) {
      insert.run(
        campaignId,
        `h-${campaignId}-${n}-${start}`,
        `First${n}`,
        `Last${n}`,
        `p${n}.${start}@example.org`,
        n % 2 ? 'Montréal' : 'Toronto',
        'CA',
        n % 3 === 0 ? 1 : 0,
        partners[n % 3],
        n % 10 === 9 ? 'honeypot' : null,
        start + n * 60_000,
      );
    }
    db.prepare(
      'UPDATE campaigns SET signature_count = (SELECT COUNT(*) FROM signatures WHERE campaign_id = @id AND flagged IS NULL) WHERE id = @id',
    ).run({ id: campaignId });
  })();
  campaigns.reload(campaignId);
}

/** A problem+json answer with this status; its body. */
export async function expectProblem(response: Response, status: number) {
  if (response.status !== status)
    throw new Error(`expected ${status}, got ${response.status}: ${await response.text()}`);
  if (response.headers.get('content-type') !== 'application/problem+json')
    throw new Error('not problem+json');
  return response.json();
}
