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
import type { HookSecretsRotation, Rotation } from '../storage/rotation.ts';
import { WebhookSecretsLocked } from '../webhooks/webhook-secrets.ts';

/** The summary both engines print. */
function report(io: Io, from: string, rotation: Rotation) {
  io.out(
    `Now under ${from}: ${rotation.signatures} email hashes and ${rotation.idempotencyRecords} ` +
      `idempotency records rehashed, ${rotation.droppedRecords} records without a signature dropped, ` +
      `${rotation.ipHashesCleared} IP hashes cleared, ${rotation.duplicates} double-counted people flagged duplicate, ` +
      `${rotation.webhookSecrets} webhook secrets sealed again.`,
  );
  if (rotation.webhookSecretsReset) {
    io.out(
      `${rotation.webhookSecretsReset} webhook secrets did not open and were replaced: rotate each of ` +
        'those hooks (POST /api/admin/webhooks/{id}/secret, or the console) and give its receiver the new one.',
    );
  }
}

/** What to do with hook secrets: the old secret they may be sealed under, and --reset-webhook-secrets. */
function hookSecrets(values: OptionValues, settings: Settings): HookSecretsRotation {
  const previous = settings.PETITION_OLD_SECRET ? [Buffer.from(settings.PETITION_OLD_SECRET)] : [];
  return { previous, reset: values['reset-webhook-secrets'] === true };
}

/** Runs a rotation; a hook secret it cannot open is a one-line usage error, nothing changed. */
async function refusingLocked<T>(rotate: () => T | Promise<T>): Promise<T> {
  try {
    return await rotate();
  } catch (error) {
    if (error instanceof WebhookSecretsLocked)
      throw new UsageError(`rotate-secret: ${error.message}`);
    throw error;
  }
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
    const rotation = await refusingLocked(() =>
      rotatePgSecret(url, secret, hookSecrets(values, settings)),
    );
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
  summary:
    'Rehash stored emails and re-seal webhook secrets under a new server secret (stop the server first)',
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

Webhook secrets are kept sealed under the server secret: they are opened with the old secret
(PETITION_OLD_SECRET when set; on SQLite also the secret file as it was) and sealed again under
the new one, in the same transaction. If some open with neither, nothing changes and it says so.

Options:
  --new   generate a new random secret file (when the old one leaked); SQLite without
          PETITION_SECRET only
  --reset-webhook-secrets
          when the old secret is lost: give the hooks whose secrets do not open new random ones
          (rotate each with POST /api/admin/webhooks/{id}/secret to learn it)`,
  options: { new: { type: 'boolean' }, 'reset-webhook-secrets': { type: 'boolean' } },
  positionals: [0, 0],
  needsExistingDatabase: true,
  async runOn(target, { values }, io, settings) {
    if (target.engine === 'postgres') return rotateOnPostgres(target.url, values, io, settings);
    await rotateOnSqlite(target.file, values, io, settings);
  },
};

/** On SQLite: under PETITION_SECRET, or the secret file (a new one with --new). */
async function rotateOnSqlite(file: string, values: OptionValues, io: Io, settings: Settings) {
  if (values.new && settings.PETITION_SECRET) {
    throw new UsageError(
      'rotate-secret: --new makes a secret file, but PETITION_SECRET is set: unset one of them',
    );
  }
  const { rotation, secretFile } = await refusingLocked(() =>
    rotateSqliteSecret(
      file,
      settings.PETITION_SECRET,
      values.new === true,
      hookSecrets(values, settings),
    ),
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
