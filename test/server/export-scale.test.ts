/**
 * Exports at scale: rows made straight in SQLite, streamed through the admin API, memory sampled.
 * Slow (a million rows take a minute or two), so it runs only when asked:
 *   EXPORT_ROWS=1000000 node --import tsx --test test/server/export-scale.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeAdminApp } from './admin-helpers.ts';

const ROWS = Number(process.env.EXPORT_ROWS ?? 0);
const MB = 1024 * 1024;

describe('CSV export at scale', { skip: ROWS ? false : 'set EXPORT_ROWS=1000000 to run' }, () => {
  it(`streams ${ROWS} rows in constant memory`, async () => {
    const { admin, db, campaigns, campaign } = makeAdminApp();
    const insert = db.prepare(
      `INSERT INTO signatures (campaign_id, email_hash, first_name, last_name, email, city, postal_code, country,
         opt_in, lang, consent_hash, partner, origin, referrer, utm, ip_hash, flagged, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'H2X 1Y4', 'CA', ?, 'en', '0123456789abcdef', 'oxfam', 'https://partner.example',
         'https://news.example', '{"utm_source":"mail"}', 'ip-hash-0123456789abcdef0123456789abcdef0123', ?, ?)`,
    );
    db.pragma('synchronous = OFF');
    for (let start = 0; start < ROWS; start += 10_000) {
      db.transaction(() => {
        for (let n = start; n < Math.min(ROWS, start + 10_000); n++) {
          insert.run(
            campaign.id,
            `hash-${n}`,
            `First${n}`,
            `Last-${n}`,
            `p${n}@example.org`,
            n % 2 ? 'Montréal' : '=City',
            n % 3 ? 0 : 1,
            n % 50 === 49 ? 'honeypot' : null,
            1_767_225_600_000 + n * 1000,
          );
        }
      })();
    }
    db.pragma('synchronous = FULL');
    campaigns.reload(campaign.id);

    for (const kind of ['signatures', 'delivery']) {
      global.gc?.();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      let peakHeap = before.heapUsed;
      const started = performance.now();
      const response = await admin(`/campaigns/el-salvador/${kind}.csv`);
      let bytes = 0;
      for await (const chunk of response.body!) {
        bytes += chunk.length;
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }
      const seconds = (performance.now() - started) / 1000;
      const rows = kind === 'signatures' ? ROWS : ROWS - Math.floor(ROWS / 50);
      console.log(
        `${kind}.csv: ${rows} rows, ${(bytes / MB).toFixed(0)} MB in ${seconds.toFixed(1)} s ` +
          `(${Math.round(rows / seconds)} rows/s); RSS ${(before.rss / MB).toFixed(0)} -> peak ` +
          `${(peakRss / MB).toFixed(0)} MB, heap ${(before.heapUsed / MB).toFixed(0)} -> peak ${(peakHeap / MB).toFixed(0)} MB`,
      );
      // Holding the file would take at least its size; streaming stays far below it.
      assert.ok(
        peakHeap - before.heapUsed < Math.max(64 * MB, bytes / 4),
        'heap grew with the file',
      );
    }
  });
});
