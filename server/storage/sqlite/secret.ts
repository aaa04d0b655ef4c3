/**
 * The server secret on SQLite: PETITION_SECRET, else the file beside the database
 * (secrets/secret-file.ts), checked against the fingerprint the database keeps in `settings`.
 *
 * Older versions kept the generated secret in the `settings` table: it is moved out to the file
 * at start and deleted from the database (`secure_delete` zeroes the page; the WAL is truncated).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import {
  readSecretFile,
  secretFilePath,
  secretFingerprint,
  writeSecretFile,
} from '../../secrets/secret-file.ts';
import type { Db } from './open.ts';

const setting = (db: Db, key: string) =>
  db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(key);

/** Where the secret to use comes from, and the one older versions left in the database. */
export interface SecretSource {
  secret: Buffer;
  /** The generated secret a pre-004 database held, if any (moved out to the file by now). */
  legacy: Buffer | null;
  file: string | null;
}

/**
 * The secret to use (PETITION_SECRET, else the file, made when there is none), after moving a
 * secret the database still holds out to the file. `fresh` makes a new random file secret.
 */
export function resolveSecret(
  db: Db,
  databasePath: string,
  fromEnv: string | undefined,
  fresh = false,
): SecretSource {
  const stored = setting(db, 'secret');
  const legacy = stored === undefined ? null : Buffer.from(stored, 'base64');
  const file = databasePath === ':memory:' ? null : secretFilePath(databasePath);
  if (file && legacy && !fs.existsSync(file)) writeSecretFile(file, legacy);
  if (legacy) {
    db.prepare("DELETE FROM settings WHERE key = 'secret'").run();
    // Its old page may sit in the WAL: copy back and truncate.
    db.pragma('wal_checkpoint(TRUNCATE)');
  }
  if (fromEnv) return { secret: Buffer.from(fromEnv, 'utf8'), legacy, file };
  if (file && fs.existsSync(file) && !fresh) return { secret: readSecretFile(file), legacy, file };
  if (file && !fresh && setting(db, 'secret_fingerprint') !== undefined) {
    throw new Error(
      `The secret file ${file} is missing, and this database was made with a secret: restore the file ` +
        '(or set PETITION_SECRET to it). To start over with a new secret: npm run admin -- rotate-secret --new.',
    );
  }
  const made = randomBytes(32);
  const secret = file ? writeSecretFile(file, made, fresh) : made;
  return { secret, legacy, file };
}

/** The fingerprint the database holds: the stored one, else that of the secret its hashes used. */
export function storedFingerprint(db: Db, source: SecretSource): string {
  return setting(db, 'secret_fingerprint') ?? secretFingerprint(source.legacy ?? source.secret);
}

/** Records the fingerprint of the secret in use. */
export function saveFingerprint(db: Db, secret: Buffer): void {
  db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('secret_fingerprint', ?)").run(
    secretFingerprint(secret),
  );
}

/** The server's secret; throws with a one-line message when it is not the database's. */
export function loadSecret(
  db: Db,
  settings: { DATABASE_PATH: string; PETITION_SECRET?: string },
): Buffer {
  const source = resolveSecret(db, settings.DATABASE_PATH, settings.PETITION_SECRET);
  if (storedFingerprint(db, source) !== secretFingerprint(source.secret)) {
    const from = settings.PETITION_SECRET ? 'PETITION_SECRET' : `the secret file ${source.file}`;
    throw new Error(
      `${from} is not the secret this database was made with, so dedupe and erasure search would ` +
        'silently stop matching: put the old secret back, or stop here and run ' +
        'npm run admin -- rotate-secret to rehash the stored emails under the new one.',
    );
  }
  saveFingerprint(db, source.secret);
  return source.secret;
}
