/**
 * The server secret's file, and its fingerprint.
 *
 * PETITION_SECRET wins. Without it a random secret is generated once and kept in its own file
 * beside the database (`data/petitions.secret` for `data/petitions.db`), mode 0600: never inside
 * the database, so never in a backup of it. Anyone holding the database and its secret can
 * recompute every IP hash (IPv4 is only 2^32 guesses) and test emails against the email hashes.
 *
 * The database keeps a fingerprint of the secret (a keyed hash of a constant: it reveals nothing
 * the email hashes do not). Started with another secret, dedupe and erasure search would silently
 * stop matching, so the server refuses to start and names `npm run admin -- rotate-secret`. Each
 * engine keeps the fingerprint its own way (storage/sqlite/secret.ts, storage/postgres/).
 */
import fs from 'node:fs';
import path from 'node:path';
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

/** Reads a secret file back, tightening its mode if someone loosened it. */
export function readSecretFile(file: string): Buffer {
  // Someone may have copied it with looser permissions: it is tightened, not refused.
  if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
  const secret = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (secret.length < 32)
    throw new Error(`The secret file ${file} is damaged: restore it from where you keep it.`);
  return secret;
}
