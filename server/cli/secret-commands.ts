/**
 * `rotate-secret`: puts the database under a new server secret. Run it with the server stopped
 * (a running server keeps hashing with the secret it started with).
 */
import { rehashUnder } from '../db/secret-rotation.ts';
import { resolveSecret, saveFingerprint, secretFingerprint, storedFingerprint } from '../secret-file.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

export const rotateSecretCommand: Command = {
  name: 'rotate-secret',
  summary: 'Rehash stored emails under a new server secret (stop the server first)',
  help: `Usage: npm run admin -- rotate-secret [--new]

Puts the database under the secret the server will start with: PETITION_SECRET when set, else
the secret file beside the database. In one transaction it recomputes every email hash from the
stored email, gives idempotency records their person's new hash, clears the IP hashes (addresses
are never stored, so they cannot be recomputed; under a leaked old secret they could be
reversed), and records the new secret's fingerprint. Forms served before keep a token signed
with the old secret and are flagged token_forged if sent: rotate when traffic is low.

Stop the server first, and start it again after: a running server keeps its old secret.

Options:
  --new   generate a new random secret file (when the old one leaked); not with PETITION_SECRET`,
  options: { new: { type: 'boolean' } },
  positionals: [0, 0],
  needsExistingDatabase: true,
  run(db, { values }, io, settings) {
    if (values.new && settings.PETITION_SECRET) {
      throw new UsageError('rotate-secret: --new makes a secret file, but PETITION_SECRET is set: unset one of them');
    }
    // With --new the new file is written first: if the rehash then fails, the server refuses to
    // start and running this command again (without --new) finishes the job.
    const source = resolveSecret(db, settings.DATABASE_PATH, settings.PETITION_SECRET, values.new === true);
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
  },
};
