/**
 * Rehashing what is keyed under the server secret, for `npm run admin -- rotate-secret`.
 *
 * In one transaction: every signature's email hash is recomputed from its email; idempotency
 * records take their person's new hash (looked up by the old one, through the person indexes, so
 * before the signatures change); records whose person is gone are dropped (they only replay a
 * retry's answer). IP hashes cannot be recomputed (addresses are never stored) and would not
 * match new ones under a new secret anyway; under a leaked old secret they can be reversed, so
 * they are cleared. If the old hashes were inconsistent (a secret changed under an older version)
 * one person may turn out counted twice: the later row is flagged `duplicate`, uncounted and
 * audited. Then the new fingerprint is stored and the counts are given back.
 */
import { AuditLog } from './audit.ts';
import type { HookSecretsRotation, Rehashed, Rotation } from '../rotation.ts';
import { duplicateAudit, emailHashUnder } from '../rotation.ts';
import fs from 'node:fs';
import { readSecretFile, secretFilePath, secretFingerprint } from '../../secrets/secret-file.ts';
import { openAll, resealPlan } from '../../webhooks/webhook-secrets.ts';
import { resealWebhookSecrets } from './webhook-secrets.ts';
import type { Db } from './open.ts';
import { openDatabase } from './open.ts';
import { resolveSecret, saveFingerprint, storedFingerprint } from './secret.ts';

const CHUNK = 5000;

/** Rehashes everything keyed under the secret; `also` runs last in the same transaction. */
export function rehashUnder(db: Db, secret: Buffer, also: () => void): Rehashed {
  const emailHash = emailHashUnder(secret);
  const audit = new AuditLog(db);
  const s = {
    records: db.prepare<[], { campaign_id: number; key: string; email_hash: string | null }>(
      'SELECT campaign_id, key, email_hash FROM idempotency_keys',
    ),
    emailOf: db
      .prepare<[number, string, number, string], string>(
        `SELECT email FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NULL
         UNION ALL
         SELECT email FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NOT NULL
         LIMIT 1`,
      )
      .pluck(),
    rekey: db.prepare(
      'UPDATE idempotency_keys SET email_hash = ? WHERE campaign_id = ? AND key = ?',
    ),
    drop: db.prepare('DELETE FROM idempotency_keys WHERE campaign_id = ? AND key = ?'),
    chunk: db.prepare<
      [number, number],
      { id: number; campaign_id: number; email: string; flagged: string | null }
    >('SELECT id, campaign_id, email, flagged FROM signatures WHERE id > ? ORDER BY id LIMIT ?'),
    rehash: db.prepare('UPDATE signatures SET email_hash = ? WHERE id = ?'),
    duplicate: db.prepare(
      "UPDATE signatures SET email_hash = ?, flagged = 'duplicate' WHERE id = ?",
    ),
    uncount: db.prepare('UPDATE campaigns SET signature_count = signature_count - 1 WHERE id = ?'),
    clearIps: db.prepare('UPDATE signatures SET ip_hash = NULL WHERE ip_hash IS NOT NULL'),
  };
  return db.transaction((): Rehashed => {
    const rotation: Rehashed = {
      signatures: 0,
      idempotencyRecords: 0,
      droppedRecords: 0,
      ipHashesCleared: 0,
      duplicates: 0,
    };
    for (const record of s.records.all()) {
      const email =
        record.email_hash === null
          ? undefined
          : s.emailOf.get(
              record.campaign_id,
              record.email_hash,
              record.campaign_id,
              record.email_hash,
            );
      if (email === undefined) {
        s.drop.run(record.campaign_id, record.key);
        rotation.droppedRecords++;
      } else {
        s.rekey.run(emailHash(email), record.campaign_id, record.key);
        rotation.idempotencyRecords++;
      }
    }
    // In id order, so of two counted rows of one person the earlier keeps its place.
    for (let after = 0; ; ) {
      const rows = s.chunk.all(after, CHUNK);
      for (const row of rows) {
        const hash = emailHash(row.email);
        try {
          s.rehash.run(hash, row.id);
        } catch (error) {
          if (
            (error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE' ||
            row.flagged !== null
          )
            throw error;
          s.duplicate.run(hash, row.id);
          s.uncount.run(row.campaign_id);
          audit.record(duplicateAudit(row.campaign_id, row.id));
          rotation.duplicates++;
        }
        rotation.signatures++;
      }
      if (rows.length < CHUNK) break;
      after = rows[rows.length - 1].id;
    }
    rotation.ipHashesCleared = s.clearIps.run().changes;
    also();
    return rotation;
  })();
}

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

/** The secrets hook secrets may be sealed under now: the old one given, and the file's. */
function previousSecrets(file: string, hooks: HookSecretsRotation): Buffer[] {
  const secretFile = secretFilePath(file);
  return fs.existsSync(secretFile)
    ? [...hooks.previous, readSecretFile(secretFile)]
    : [...hooks.previous];
}

/**
 * Puts the database at `file` under the secret the server will start with: PETITION_SECRET
 * (`fromEnv`) when set, else the secret file (a new random one with `fresh`). Hook secrets are
 * re-sealed under it, opened with whichever old secret opens them (`hooks`), in the same
 * transaction; if some open with none, nothing is written (WebhookSecretsLocked) unless
 * `hooks.reset`. Returns the rotation, or null when the database already was under that secret,
 * and the secret file used.
 */
export function rotateSqliteSecret(
  file: string,
  fromEnv: string | undefined,
  fresh: boolean,
  hooks: HookSecretsRotation,
): { rotation: Rotation | null; secretFile: string | null } {
  const db = openDatabase(file);
  try {
    takeAlone(db);
    // Opened before anything is written, the old file's secret among the candidates.
    const stored = db.prepare<[], string>('SELECT secret_sealed FROM webhooks').pluck().all();
    const opened = openAll(stored, previousSecrets(file, hooks), hooks.reset);
    // With `fresh` the new file is written first: if the rehash then fails, the server refuses to
    // start and running this again (without `fresh`) finishes the job.
    const source = resolveSecret(db, file, fromEnv, fresh);
    const { secret } = source;
    if (!fresh && storedFingerprint(db, source) === secretFingerprint(secret)) {
      return { rotation: null, secretFile: source.file };
    }
    const plan = resealPlan(opened, secret);
    let resealed = 0;
    const rotation = rehashUnder(db, secret, () => {
      resealed = resealWebhookSecrets(db, plan.reseal, 'all');
      saveFingerprint(db, secret);
    });
    return {
      rotation: { ...rotation, webhookSecrets: resealed, webhookSecretsReset: plan.reset },
      secretFile: source.file,
    };
  } finally {
    db.close();
  }
}
