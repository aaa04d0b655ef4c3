/**
 * Hook secrets re-sealed on PostgreSQL: `reseal` maps each stored value to the one to keep. On
 * opening, what an older version kept in clear is sealed (webhooks/webhook-secrets.ts
 * sealLegacy), then the table is rewritten (VACUUM FULL) so the old row versions holding them
 * leave its files; rotate-secret re-seals every one under the new key, inside its transaction.
 * Rows are locked as read, so two nodes opening at once seal each value once.
 */
import type pg from 'pg';
import { transaction } from './open.ts';

/** Re-seals hooks' secrets on `client`'s transaction (all, or those in clear); how many changed. */
export async function resealPgWebhookSecrets(
  client: pg.ClientBase,
  reseal: (stored: string) => string,
  scope: 'all' | 'clear',
): Promise<number> {
  const where = scope === 'clear' ? "WHERE secret_sealed NOT LIKE 'v1.%'" : '';
  const { rows } = await client.query<{ id: number; secret_sealed: string }>(
    `SELECT id, secret_sealed FROM webhooks ${where} ORDER BY id FOR UPDATE`,
  );
  const changed = rows
    .map((row) => ({ id: row.id, next: reseal(row.secret_sealed), was: row.secret_sealed }))
    .filter((row) => row.next !== row.was);
  if (!changed.length) return 0;
  await client.query(
    `UPDATE webhooks w SET secret_sealed = v.sealed
     FROM unnest($1::bigint[], $2::text[]) AS v(id, sealed) WHERE w.id = v.id`,
    [changed.map((row) => row.id), changed.map((row) => row.next)],
  );
  return changed.length;
}

/** On opening: seals what is in clear; how many. */
export async function sealClearPgWebhookSecrets(
  pool: pg.Pool,
  seal: (stored: string) => string,
): Promise<number> {
  const sealed = await transaction(pool, (client) => resealPgWebhookSecrets(client, seal, 'clear'));
  // Once, on the first start after the upgrade: the dead row versions held the clear values.
  if (sealed) await pool.query('VACUUM FULL webhooks');
  return sealed;
}
