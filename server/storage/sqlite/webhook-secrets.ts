/**
 * Hook secrets re-sealed on SQLite: `reseal` maps each stored value to the one to keep. On opening,
 * what an older version kept in clear is sealed (webhooks/webhook-secrets.ts sealLegacy);
 * rotate-secret re-seals every one under the new key, inside its transaction. A clear value left
 * behind in the file is wiped: `secure_delete` zeroes the space a rewritten row leaves, and the
 * WAL, which still holds the old page, is checkpointed and truncated.
 */
import type { Db } from './open.ts';

/** Which rows: every one (a rotation), or those still in clear (opening). */
export type ResealScope = 'all' | 'clear';

/** Re-seals hooks' secrets (in the caller's transaction, if any); how many changed. */
export function resealWebhookSecrets(
  db: Db,
  reseal: (stored: string) => string,
  scope: ResealScope,
): number {
  const where = scope === 'clear' ? "WHERE secret_sealed NOT LIKE 'v1.%'" : '';
  const rows = db
    .prepare<[], { id: number; secret_sealed: string }>(
      `SELECT id, secret_sealed FROM webhooks ${where}`,
    )
    .all();
  const update = db.prepare('UPDATE webhooks SET secret_sealed = ? WHERE id = ?');
  const changed = db.transaction(() => {
    let count = 0;
    for (const row of rows) {
      const next = reseal(row.secret_sealed);
      if (next === row.secret_sealed) continue;
      update.run(next, row.id);
      count++;
    }
    return count;
  })();
  // Outside a transaction only: the old pages leave the WAL (a rotation's do when it closes).
  if (changed && !db.inTransaction) db.pragma('wal_checkpoint(TRUNCATE)');
  return changed;
}
