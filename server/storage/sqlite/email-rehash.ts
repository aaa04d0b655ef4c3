/**
 * SQLite's rehash of rows hashed before email identities, on opening (see ../email-rehash.ts):
 * before the campaign store reads its counts and before the writer thread starts, in one
 * transaction, once.
 */
import { emailHash } from '../../secrets/email-hash.ts';
import type { Rehash, RehashRow } from '../email-rehash.ts';
import { IDENTITY_DUPLICATE, IDENTITY_MARK, IDENTITY_VERSION } from '../email-rehash.ts';
import { duplicateAudit } from '../rotation.ts';
import { AuditLog } from './audit.ts';
import type { Db } from './open.ts';

/** Rehashes the rows whose identity hash differs from the old one, once; says what it did. */
export function rehashEmailIdentities(db: Db, secret: Buffer): Rehash {
  const mark = db
    .prepare<[string], string>('SELECT value FROM settings WHERE key = ?')
    .pluck()
    .get(IDENTITY_MARK);
  const done: Rehash = { rehashed: 0, duplicates: 0 };
  if (mark === IDENTITY_VERSION) return done;
  const s = {
    // Not plain ASCII: its UTF-8 is longer than its characters (GLOB '*[^ -~]*' took 4x longer).
    rows: db.prepare<[], RehashRow>(
      `SELECT id, campaign_id, email, email_hash, flagged FROM signatures
       WHERE length(CAST(email AS BLOB)) <> length(email) ORDER BY id`,
    ),
    rekey: db.prepare(
      'UPDATE idempotency_keys SET email_hash = ? WHERE campaign_id = ? AND email_hash = ?',
    ),
    rehash: db.prepare('UPDATE signatures SET email_hash = ? WHERE id = ?'),
    duplicate: db.prepare(
      "UPDATE signatures SET email_hash = ?, flagged = 'duplicate' WHERE id = ?",
    ),
    uncount: db.prepare('UPDATE campaigns SET signature_count = signature_count - 1 WHERE id = ?'),
    mark: db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
  const audit = new AuditLog(db);
  return db.transaction((): Rehash => {
    for (const row of s.rows.all()) {
      const hash = emailHash(secret, row.email);
      if (hash === row.email_hash) continue;
      s.rekey.run(hash, row.campaign_id, row.email_hash);
      try {
        s.rehash.run(hash, row.id);
      } catch (error) {
        const taken = (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
        if (!taken || row.flagged !== null) throw error;
        s.duplicate.run(hash, row.id);
        s.uncount.run(row.campaign_id);
        audit.record(duplicateAudit(row.campaign_id, row.id, IDENTITY_DUPLICATE));
        done.duplicates++;
      }
      done.rehashed++;
    }
    s.mark.run(IDENTITY_MARK, IDENTITY_VERSION);
    return done;
  })();
}
