/**
 * Opens the SQLite database and brings its schema up to date.
 *
 * Numbered migrations, each in one transaction, with `user_version` as the schema version (the
 * Signal Desktop way). A database newer than this code is refused rather than guessed at.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import initial from './migrations/001-initial.ts';
import admin from './migrations/002-admin.ts';
import idempotencyPerson from './migrations/003-idempotency-person.ts';
import flagReview from './migrations/004-flag-review.ts';
import partners from './migrations/005-partners.ts';
import webhooks from './migrations/006-webhooks.ts';
import flagKept from './migrations/007-flag-kept.ts';
import webhookLease from './migrations/008-webhook-lease.ts';
import revokedKeyHooks from './migrations/009-revoked-key-hooks.ts';
import webhookSecretSealed from './migrations/010-webhook-secret-sealed.ts';
import confirmation from './migrations/011-confirmation.ts';
import goalMode from './migrations/012-goal-mode.ts';
import retention from './migrations/013-retention.ts';
import showInRecent from './migrations/014-show-in-recent.ts';

/** The migrations, in order; the schema version is the count applied. */
export const MIGRATIONS: readonly string[] = [
  initial,
  admin,
  idempotencyPerson,
  flagReview,
  partners,
  webhooks,
  flagKept,
  webhookLease,
  revokedKeyHooks,
  webhookSecretSealed,
  confirmation,
  goalMode,
  retention,
  showInRecent,
];

export type Db = Database.Database;

/**
 * The database holds personal data: it is created readable by its owner only, before SQLite opens
 * it, and SQLite gives its -wal and -shm files the database file's mode. Files an older version
 * made readable by others are tightened.
 */
function makePrivate(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((fs.statSync(name).mode & 0o077) !== 0) fs.chmodSync(name, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/** Opens (creating the folder and file when needed) and migrates a database. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') makePrivate(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Every acknowledged signature is on disk: FULL syncs the WAL at each commit.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Erased rows are overwritten with zeros, not left readable in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

/** Applies the migrations this database has not had yet. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${MIGRATIONS.length}); upgrade the server`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
