/**
 * Rehashing what is keyed under the server secret on PostgreSQL, for `npm run admin --
 * rotate-secret`: the same rules as SQLite's (sqlite/secret-rotation.ts), in one transaction.
 *
 * Every node must hash under one secret, and a running node keeps the secret it started with, so
 * the rotation runs only with every node stopped. The tables are locked first, then the database
 * is asked who else is connected: any other session refuses the rotation (a node that was running),
 * and a node starting meanwhile waits on the lock in its secret check and, after the commit, finds
 * the new fingerprint: with the old secret it refuses to start, as it should.
 *
 * Signatures are rehashed in id order, a chunk at a time in one UPDATE. A person counted twice
 * under inconsistent old hashes makes the unique index refuse a chunk; that chunk is then done row
 * by row, and the later row of the person is flagged `duplicate`, uncounted and audited.
 */
import type pg from 'pg';
import { secretFingerprint } from '../../secrets/secret-file.ts';
import type { HookSecretsRotation, Rotation } from '../rotation.ts';
import { openAll, resealPlan } from '../../webhooks/webhook-secrets.ts';
import { resealPgWebhookSecrets } from './webhook-secrets.ts';
import { duplicateAudit, emailHashUnder } from '../rotation.ts';
import { recordAudit } from './audit.ts';
import { COUNT } from './campaigns.ts';
import { openPostgres, transaction } from './open.ts';
import { storedPgFingerprint } from './secret.ts';

const CHUNK = 5000;

/** Why a rotation did not run. */
export class RotationRefused extends Error {}

/** Refuses while any other session is connected to this database. */
async function refuseOthers(client: pg.PoolClient) {
  const { rows } = await client.query<{ n: number; names: string }>(
    `SELECT count(*)::int AS n, string_agg(DISTINCT coalesce(nullif(application_name, ''), '?'), ', ') AS names
     FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
  );
  if (rows[0].n > 0) {
    throw new RotationRefused(
      `${rows[0].n} other connection(s) to this database (${rows[0].names}): stop every node ` +
        '(and anything else connected to it), then run rotate-secret again',
    );
  }
}

async function rehashRecords(client: pg.PoolClient, hash: (email: string) => string) {
  // A record's person by its old hash: the counted row first, else a flagged one.
  const { rows } = await client.query<{ campaign_id: number; key: string; email: string | null }>(
    `SELECT k.campaign_id, k.key, (SELECT s.email FROM signatures s
        WHERE s.campaign_id = k.campaign_id AND s.email_hash = k.email_hash
        ORDER BY s.flagged IS NOT NULL LIMIT 1) AS email
     FROM idempotency_keys k`,
  );
  const kept = rows.filter((row) => row.email !== null);
  const dropped = rows.filter((row) => row.email === null);
  await client.query(
    `UPDATE idempotency_keys k SET email_hash = v.hash
     FROM unnest($1::bigint[], $2::text[], $3::text[]) AS v(campaign_id, key, hash)
     WHERE k.campaign_id = v.campaign_id AND k.key = v.key`,
    [
      kept.map((row) => row.campaign_id),
      kept.map((row) => row.key),
      kept.map((row) => hash(row.email!)),
    ],
  );
  await client.query(
    `DELETE FROM idempotency_keys k USING unnest($1::bigint[], $2::text[]) AS v(campaign_id, key)
     WHERE k.campaign_id = v.campaign_id AND k.key = v.key`,
    [dropped.map((row) => row.campaign_id), dropped.map((row) => row.key)],
  );
  return { idempotencyRecords: kept.length, droppedRecords: dropped.length };
}

type Row = { id: number; campaign_id: number; email: string; flagged: string | null };

/** One chunk row by row: a counted row whose person is already counted becomes a duplicate. */
async function rehashOneByOne(client: pg.PoolClient, rows: Row[], hash: (email: string) => string) {
  let duplicates = 0;
  for (const row of rows) {
    await client.query('SAVEPOINT one');
    try {
      await client.query('UPDATE signatures SET email_hash = $2 WHERE id = $1', [
        row.id,
        hash(row.email),
      ]);
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT one');
      if ((error as { code?: string }).code !== '23505' || row.flagged !== null) throw error;
      await client.query(
        "UPDATE signatures SET email_hash = $2, flagged = 'duplicate' WHERE id = $1",
        [row.id, hash(row.email)],
      );
      await client.query({ ...COUNT, values: [row.campaign_id, -1] });
      await recordAudit(client, duplicateAudit(row.campaign_id, row.id));
      duplicates++;
    }
    await client.query('RELEASE SAVEPOINT one');
  }
  return duplicates;
}

/**
 * Rehashes everything keyed under the secret, re-seals the hook secrets under it (refused before
 * any change when some open with none of `hooks.previous`, unless `hooks.reset`), and stores the
 * new secret's fingerprint.
 */
export function rehashPgUnder(
  pool: pg.Pool,
  secret: Buffer,
  hooks: HookSecretsRotation,
): Promise<Rotation> {
  const hash = emailHashUnder(secret);
  return transaction(pool, async (client) => {
    await client.query(
      'LOCK TABLE settings, campaigns, signatures, idempotency_keys, webhooks IN ACCESS EXCLUSIVE MODE',
    );
    await refuseOthers(client);
    const { rows: hookRows } = await client.query<{ secret_sealed: string }>(
      'SELECT secret_sealed FROM webhooks',
    );
    const plan = resealPlan(
      openAll(
        hookRows.map((row) => row.secret_sealed),
        hooks.previous,
        hooks.reset,
      ),
      secret,
    );
    const rotation: Rotation = {
      webhookSecrets: await resealPgWebhookSecrets(client, plan.reseal, 'all'),
      webhookSecretsReset: plan.reset,
      signatures: 0,
      ...(await rehashRecords(client, hash)),
      ipHashesCleared: 0,
      duplicates: 0,
    };
    for (let after = 0; ; ) {
      const { rows } = await client.query<Row>(
        'SELECT id, campaign_id, email, flagged FROM signatures WHERE id > $1 ORDER BY id LIMIT $2',
        [after, CHUNK],
      );
      if (!rows.length) break;
      await client.query('SAVEPOINT chunk');
      try {
        await client.query(
          `UPDATE signatures s SET email_hash = v.hash
           FROM unnest($1::bigint[], $2::text[]) AS v(id, hash) WHERE s.id = v.id`,
          [rows.map((row) => row.id), rows.map((row) => hash(row.email))],
        );
        await client.query('RELEASE SAVEPOINT chunk');
      } catch (error) {
        if ((error as { code?: string }).code !== '23505') throw error;
        await client.query('ROLLBACK TO SAVEPOINT chunk');
        rotation.duplicates += await rehashOneByOne(client, rows, hash);
      }
      rotation.signatures += rows.length;
      after = rows[rows.length - 1].id;
    }
    const cleared = await client.query(
      'UPDATE signatures SET ip_hash = NULL WHERE ip_hash IS NOT NULL',
    );
    rotation.ipHashesCleared = cleared.rowCount ?? 0;
    await client.query(
      `INSERT INTO settings (key, value) VALUES ('secret_fingerprint', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [secretFingerprint(secret)],
    );
    return rotation;
  });
}

/**
 * Puts the database at `url` under `secret` (PETITION_SECRET, the one every node will start
 * with): the rotation, or null when the database already was under it.
 */
export async function rotatePgSecret(
  url: string,
  secret: Buffer,
  hooks: HookSecretsRotation,
): Promise<Rotation | null> {
  // One connection: any other one is someone else's (see refuseOthers).
  const pool = await openPostgres(url, { max: 1 });
  try {
    if ((await storedPgFingerprint(pool)) === secretFingerprint(secret)) return null;
    return await rehashPgUnder(pool, secret, hooks);
  } finally {
    await pool.end();
  }
}
