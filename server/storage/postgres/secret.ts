/**
 * The server secret on PostgreSQL: PETITION_SECRET, the same on every node (there is no file
 * beside a database there). Its fingerprint is kept in the database, so a node started with
 * another secret refuses to start instead of silently breaking dedupe.
 */
import type pg from 'pg';
import { secretFingerprint } from '../../secrets/secret-file.ts';

/** Checks the secret against the database's fingerprint, recording it the first time. */
export async function checkSecret(pool: pg.Pool, secret: Buffer): Promise<void> {
  const fingerprint = secretFingerprint(secret);
  await pool.query(
    "INSERT INTO settings (key, value) VALUES ('secret_fingerprint', $1) ON CONFLICT (key) DO NOTHING",
    [fingerprint],
  );
  const { rows } = await pool.query("SELECT value FROM settings WHERE key = 'secret_fingerprint'");
  if (rows[0].value !== fingerprint) {
    throw new Error(
      'PETITION_SECRET is not the secret this database was made with, so dedupe and erasure search ' +
        'would silently stop matching: put the old secret back.',
    );
  }
}

/** The fingerprint the database holds, or undefined before any node started on it. */
export async function storedPgFingerprint(pool: pg.Pool): Promise<string | undefined> {
  const { rows } = await pool.query("SELECT value FROM settings WHERE key = 'secret_fingerprint'");
  return rows[0]?.value;
}
