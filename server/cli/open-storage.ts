/**
 * Which engine the CLI works on, from the same settings the server reads: DATABASE_URL selects
 * PostgreSQL, else the SQLite file at DATABASE_PATH. The commands above see only the storage
 * interface, so a CLI change takes the path an API change takes: on PostgreSQL every running node
 * hears of it through NOTIFY; on SQLite the server reads the file's new commits (Storage.refresh:
 * before every admin request, and every second for the public routes).
 */
import fs from 'node:fs';
import type { Settings } from '../config/settings.ts';
import { openServerStorage } from '../runtime/open-storage.ts';
import type { SqliteStorage } from '../storage/sqlite/index.ts';
import type { Storage } from '../storage/storage.ts';
import type { Command, CommandArgs, EngineCommand, Io, Target } from './command.ts';
import { UsageError } from './command.ts';

/** The engine the settings point at. */
export function targetOf(settings: Settings): Target {
  return settings.DATABASE_URL
    ? { engine: 'postgres', url: settings.DATABASE_URL }
    : { engine: 'sqlite', file: settings.DATABASE_PATH };
}

/** Refuses a reading command on a SQLite file that does not exist (it would make an empty one). */
export function checkExists(command: Command, target: Target) {
  if (target.engine === 'sqlite' && command.needsExistingDatabase && !fs.existsSync(target.file)) {
    throw new UsageError(`${command.name}: no database at ${target.file} (set DATABASE_PATH)`);
  }
}

/**
 * Opens the storage for one command as a server would (migrations, the secret checked against
 * the database's fingerprint), but never seeds the demo campaign.
 */
export async function openStorage(target: Target, settings: Settings): Promise<Storage> {
  if (target.engine === 'postgres' && !settings.PETITION_SECRET) {
    throw new UsageError(
      'PETITION_SECRET is required with DATABASE_URL: run the CLI with the settings the nodes run with',
    );
  }
  const { storage } = await openServerStorage({ ...settings, PETITION_SEED: 'off' }, () => {});
  if (storage.engine === 'sqlite') {
    // A server serves with busy_timeout 0 and retries on a timer; a command beside a busy server
    // waits for the write lock instead, as it always has (openDatabase's 5 s).
    (storage as SqliteStorage).db.pragma('busy_timeout = 5000');
  }
  return storage;
}

/**
 * For a job SQLite alone has: runs `work` on the file's path; on PostgreSQL it refuses with one
 * line saying why and what to do instead, and changes nothing.
 */
export function onSqliteOnly(
  name: string,
  onPostgres: string,
  work: (file: string, args: CommandArgs, io: Io, settings: Settings) => Promise<void> | void,
): EngineCommand['runOn'] {
  return async (target, args, io, settings) => {
    if (target.engine === 'postgres') throw new UsageError(`${name}: ${onPostgres}`);
    await work(target.file, args, io, { ...settings, DATABASE_PATH: target.file });
  };
}
