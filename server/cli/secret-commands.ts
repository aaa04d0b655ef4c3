/**
 * `rotate-secret`: puts the database under a new server secret. Run it with the server stopped
 * (a running server keeps hashing with the secret it started with).
 */
import type { Db } from '../storage/sqlite/open.ts';
import { rehashUnder } from '../storage/sqlite/secret-rotation.ts';
import {
  resolveSecret,
  saveFingerprint,
  secretFingerprint,
  storedFingerprint,
} from '../secrets/secret-file.ts';
import type { EngineCommand } from './command.ts';
import { UsageError } from './command.ts';
import { onSqliteOnly } from './open-storage.ts';

/**
 * Holds the database for this command alone until it closes: a running server would go on
 * hashing under its old secret. In WAL mode every open connection holds a shared lock on the
 * -shm file, so an exclusive lock is refused while a server has the database open, and a server
 * started meanwhile waits for this one.
 */
function takeAlone(db: Db): void {
  const patience = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma('busy_timeout = 200');
  db.pragma('locking_mode = EXCLUSIVE');
  try {
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new Error(
      'the database is in use (is the server running?): stop the server, then run rotate-secret again',
    );
  } finally {
    db.pragma(`busy_timeout = ${patience}`);
  }
}

const ROTATE_ON_POSTGRES =
  'rehashes a SQLite database; on PostgreSQL it is not done by the CLI yet: keep PETITION_SECRET ' +
  'the same on every node';

export const rotateSecretCommand: EngineCommand = {
  name: 'rotate-secret',
  summary: 'Rehash stored emails under a new server secret (stop the server first)',
  help: `Usage: npm run admin -- rotate-secret [--new]

Puts the database under the secret the server will start with: PETITION_SECRET when set, else
the secret file beside the database. In one transaction it recomputes every email hash from the
stored email, gives idempotency records their person's new hash, clears the IP hashes (addresses
are never stored, so they cannot be recomputed; under a leaked old secret they could be
reversed), and records the new secret's fingerprint. Forms served before keep a token signed
with the old secret and are flagged token_forged if sent: rotate when traffic is low.

Stop the server first, and start it again after: a running server keeps its old secret, so the
command refuses while another connection has the database open.

Options:
  --new   generate a new random secret file (when the old one leaked); not with PETITION_SECRET`,
  options: { new: { type: 'boolean' } },
  positionals: [0, 0],
  needsExistingDatabase: true,
  runOn: onSqliteOnly('rotate-secret', ROTATE_ON_POSTGRES, (db, { values }, io, settings) => {
    if (values.new && settings.PETITION_SECRET) {
      throw new UsageError(
        'rotate-secret: --new makes a secret file, but PETITION_SECRET is set: unset one of them',
      );
    }
    takeAlone(db);
    // With --new the new file is written first: if the rehash then fails, the server refuses to
    // start and running this command again (without --new) finishes the job.
    const source = resolveSecret(
      db,
      settings.DATABASE_PATH,
      settings.PETITION_SECRET,
      values.new === true,
    );
    const { secret } = source;
    if (!values.new && storedFingerprint(db, source) === secretFingerprint(secret)) {
      io.out('The database is already under this secret: nothing to do.');
      return;
    }
    const rotation = rehashUnder(db, secret, () => saveFingerprint(db, secret));
    const from = settings.PETITION_SECRET ? 'PETITION_SECRET' : `the secret file ${source.file}`;
    io.out(
      `Now under ${from}: ${rotation.signatures} email hashes and ${rotation.idempotencyRecords} ` +
        `idempotency records rehashed, ${rotation.droppedRecords} records without a signature dropped, ` +
        `${rotation.ipHashesCleared} IP hashes cleared, ${rotation.duplicates} double-counted people flagged duplicate.`,
    );
  }),
};
