/**
 * Where the server secret comes from, and the check that it is the one the database was made with.
 *
 * PETITION_SECRET wins. Without it a random secret is generated once and kept in its own file
 * beside the database (`data/petitions.secret` for `data/petitions.db`), mode 0600: never inside
 * the database, so never in a backup of it. Anyone holding the database and its secret can
 * recompute every IP hash (IPv4 is only 2^32 guesses) and test emails against the email hashes.
 * Older versions kept the generated secret in the `settings` table: it is moved out to the file
 * at start and deleted from the database (`secure_delete` zeroes the page; the WAL is truncated).
 *
 * The database keeps a fingerprint of the secret (a keyed hash of a constant: it reveals nothing
 * the email hashes do not). Started with another secret, dedupe and erasure search would silently
 * stop matching, so the server refuses to start and names `npm run admin -- rotate-secret`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../storage/sqlite/open.ts';
import { keyedHash } from './crypto.ts';

/** The secret file of a database: its name with `.secret` for the extension, in its folder. */
export function secretFilePath(databasePath: string): string {
  const resolved = path.resolve(databasePath);
  const base = path.basename(resolved).replace(/\.(db|sqlite3?)$/i, '');
  return path.join(path.dirname(resolved), `${base}.secret`);
}

/** A fingerprint of a secret: says whether two secrets are the same, not what either is. */
export function secretFingerprint(secret: Buffer): string {
  return keyedHash(secret, 'fingerprint', 'petition-secret').slice(0, 22);
}

/**
 * Writes a secret file atomically (a `.part` file, synced, then moved in), readable by its owner
 * only. Without `replace` an existing file wins and is read back: two servers starting at once on
 * a new database end up with the same secret.
 */
export function writeSecretFile(file: string, secret: Buffer, replace = false): Buffer {
  const part = `${file}.${process.pid}.part`;
  const fd = fs.openSync(part, 'w', 0o600);
  try {
    fs.writeSync(fd, `${secret.toString('base64')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let written = secret;
  try {
    if (replace) fs.renameSync(part, file);
    else fs.linkSync(part, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    written = readSecretFile(file);
  } finally {
    fs.rmSync(part, { force: true });
  }
  const dir = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dir);
  } finally {
    fs.closeSync(dir);
  }
  return written;
}

function readSecretFile(file: string): Buffer {
  // Someone may have copied it with looser permissions: it is tightened, not refused.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 32)
    throw new Error(`The secret file ${file} is damaged: restore it from where you keep it.`);
  return secret;
}

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
