/**
 * `rotate-secret`: puts the database under a new server secret, on either engine. Run it with the
 * server (every node) stopped: a running server keeps hashing with the secret it started with, so
 * both engines refuse while another connection has the database open.
 *
 * It is not a storage-interface command: rehashing touches every row under a lock no API request
 * takes, and where the secret comes from differs (a file beside a SQLite database; PETITION_SECRET,
 * the same on every node, for PostgreSQL).
 */
import { rotateSqliteSecret } from '../storage/sqlite/secret-rotation.ts';
import type { EngineCommand, Io, OptionValues } from './command.ts';
import { UsageError } from './command.ts';
import type { Settings } from '../config/settings.ts';
import { RotationRefused, rotatePgSecret } from '../storage/postgres/secret-rotation.ts';
import type { Rotation } from '../storage/rotation.ts';

/** The summary line both engines print. */
function report(io: Io, from: string, rotation: Rotation) {
  io.out(
    `Now under ${from}: ${rotation.signatures} email hashes and ${rotation.idempotencyRecords} ` +
      `idempotency records rehashed, ${rotation.droppedRecords} records without a signature dropped, ` +
      `${rotation.ipHashesCleared} IP hashes cleared, ${rotation.duplicates} double-counted people flagged duplicate.`,
  );
}

/** On PostgreSQL: under PETITION_SECRET, which every node is then started with. */
async function rotateOnPostgres(url: string, values: OptionValues, io: Io, settings: Settings) {
  if (values.new) {
    throw new UsageError(
      'rotate-secret: --new makes a secret file, but on PostgreSQL the secret is PETITION_SECRET on ' +
        'every node: set a new one (32+ random characters), then run rotate-secret with it',
    );
  }
  if (!settings.PETITION_SECRET) {
    throw new UsageError(
      'rotate-secret: on PostgreSQL set PETITION_SECRET to the secret the nodes will start with',
    );
  }
  const secret = Buffer.from(settings.PETITION_SECRET, 'utf8');
  try {
    const rotation = await rotatePgSecret(url, secret);
    if (!rotation) io.out('The database is already under this secret: nothing to do.');
    else report(io, 'PETITION_SECRET', rotation);
  } catch (error) {
    if (error instanceof RotationRefused)
      throw new Error(`the database is in use: ${error.message}`);
    throw error;
  }
}

export const rotateSecretCommand: EngineCommand = {
  name: 'rotate-secret',
  summary: 'Rehash stored emails under a new server secret (stop the server first)',
  help: `Usage: npm run admin -- rotate-secret [--new]

Puts the database under the secret the server will start with: PETITION_SECRET when set, else
the secret file beside the SQLite database (on PostgreSQL, PETITION_SECRET: the one every node
will start with). In one transaction it recomputes every email hash from the
stored email, gives idempotency records their person's new hash, clears the IP hashes (addresses
are never stored, so they cannot be recomputed; under a leaked old secret they could be
reversed), and records the new secret's fingerprint. Forms served before keep a token signed
with the old secret and are flagged token_forged if sent: rotate when traffic is low.

Stop the server (every node) first, and start it again after: a running server keeps its old
secret, so the command refuses while another connection has the database open.

Options:
  --new   generate a new random secret file (when the old one leaked); SQLite without
          PETITION_SECRET only`,
  options: { new: { type: 'boolean' } },
  positionals: [0, 0],
  needsExistingDatabase: true,
  async runOn(target, { values }, io, settings) {
    if (target.engine === 'postgres') return rotateOnPostgres(target.url, values, io, settings);
    rotateOnSqlite(target.file, values, io, settings);
  },
};

/** On SQLite: under PETITION_SECRET, or the secret file (a new one with --new). */
function rotateOnSqlite(file: string, values: OptionValues, io: Io, settings: Settings) {
  if (values.new && settings.PETITION_SECRET) {
    throw new UsageError(
      'rotate-secret: --new makes a secret file, but PETITION_SECRET is set: unset one of them',
    );
  }
  const { rotation, secretFile } = rotateSqliteSecret(
    file,
    settings.PETITION_SECRET,
    values.new === true,
  );
  if (!rotation) {
    io.out('The database is already under this secret: nothing to do.');
    return;
  }
  report(
    io,
    settings.PETITION_SECRET ? 'PETITION_SECRET' : `the secret file ${secretFile}`,
    rotation,
  );
}
