/**
 * PostgreSQL's rehash of rows hashed before email identities, on opening (see ../email-rehash.ts):
 * once, in one transaction. Nodes starting together take turns on an advisory lock, and the first
 * leaves the mark the others then find. A counted row that meets its person's counted row (also a
 * node of this version signing them meanwhile) is flagged under a savepoint, so the rest go on.
 */
import type pg from 'pg';
import { emailHash } from '../../secrets/email-hash.ts';
import type { Rehash, RehashRow } from '../email-rehash.ts';
import { IDENTITY_DUPLICATE, IDENTITY_MARK, IDENTITY_VERSION } from '../email-rehash.ts';
import { duplicateAudit } from '../rotation.ts';
import { recordAudit } from './audit.ts';
import { COUNT } from './campaigns.ts';
import { transaction } from './open.ts';

/** Rehashes the rows whose identity hash differs from the old one, once; says what it did. */
export function rehashPgEmailIdentities(pool: pg.Pool, secret: Buffer): Promise<Rehash> {
  return transaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtext('petition:email_identity'))");
    const mark = await client.query('SELECT value FROM settings WHERE key = $1', [IDENTITY_MARK]);
    const done: Rehash = { rehashed: 0, duplicates: 0 };
    if (mark.rows[0]?.value === IDENTITY_VERSION) return done;
    const { rows } = await client.query<RehashRow>(
      `SELECT id::int AS id, campaign_id::int AS campaign_id, email, email_hash, flagged
       FROM signatures WHERE octet_length(email) <> char_length(email) ORDER BY id`,
    );
    for (const row of rows) {
      const hash = emailHash(secret, row.email);
      if (hash === row.email_hash) continue;
      await client.query(
        'UPDATE idempotency_keys SET email_hash = $1 WHERE campaign_id = $2 AND email_hash = $3',
        [hash, row.campaign_id, row.email_hash],
      );
      await client.query('SAVEPOINT one');
      try {
        await client.query('UPDATE signatures SET email_hash = $2 WHERE id = $1', [row.id, hash]);
        await client.query('RELEASE SAVEPOINT one');
      } catch (error) {
        await client.query('ROLLBACK TO SAVEPOINT one');
        if ((error as { code?: string }).code !== '23505' || row.flagged !== null) throw error;
        await client.query(
          "UPDATE signatures SET email_hash = $2, flagged = 'duplicate' WHERE id = $1",
          [row.id, hash],
        );
        await client.query({ ...COUNT, values: [row.campaign_id, -1] });
        await recordAudit(client, duplicateAudit(row.campaign_id, row.id, IDENTITY_DUPLICATE));
        done.duplicates++;
      }
      done.rehashed++;
    }
    await client.query(
      `INSERT INTO settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [IDENTITY_MARK, IDENTITY_VERSION],
    );
    return done;
  });
}
