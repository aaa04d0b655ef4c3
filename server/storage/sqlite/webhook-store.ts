/**
 * The webhooks table on SQLite, and the hooks held in memory: the signing path asks "who wants
 * this signature?" for every row it writes, and must not pay a query for it (with no hooks, it
 * pays one array length check and one `PRAGMA data_version`). The cache is rebuilt after every
 * change made through this store, and when another connection (another thread's writer, the
 * CLI) has committed since it was read: `data_version` moves with other connections' commits only.
 */
import type { WebhookRow } from '../webhook-row.ts';
import { webhookFromRow } from '../webhook-row.ts';
import type { Db } from './open.ts';
import type { NewWebhook, Webhook } from '../webhook-storage.ts';
import { KEY_REVOKED } from '../webhook-storage.ts';
import { WebhookLimitReached } from '../../webhooks/webhook-limits.ts';

/** Webhooks. */
export class WebhookStore {
  readonly #db: Db;
  readonly #statements;
  #hooks: Webhook[] = [];
  #version = -1;

  constructor(db: Db) {
    this.#db = db;
    this.#statements = {
      all: db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY id'),
      get: db.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO webhooks (url, events, secret_sealed, campaign_id, partner, key_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      setSecret: db.prepare('UPDATE webhooks SET secret_sealed = ? WHERE id = ?'),
      ofKey: db
        .prepare<[number | null], number>('SELECT count(*) FROM webhooks WHERE key_id IS ?')
        .pluck(),
      delete: db.prepare('DELETE FROM webhooks WHERE id = ?'),
      deleteForPartner: db.prepare('DELETE FROM webhooks WHERE campaign_id = ? AND partner = ?'),
      disable: db.prepare(
        'UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL',
      ),
      enable: db.prepare(
        'UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL WHERE id = ?',
      ),
      disableForKey: db.prepare<[number, string, number], { id: number; url: string }>(
        `UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE key_id = ? AND disabled_at IS NULL
         RETURNING id, url`,
      ),
      version: db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
    this.reload();
  }

  /** Rebuilds the in-memory list of hooks from the table. */
  reload(): void {
    this.#version = this.#statements.version.get()!;
    this.#hooks = this.#statements.all.all().map(webhookFromRow);
  }

  /** The enabled hooks, from memory (read again if another connection committed meanwhile). */
  enabled(): readonly Webhook[] {
    if (this.#statements.version.get() !== this.#version) this.reload();
    return this.#hooks.filter((hook) => hook.disabledAt === null);
  }

  /** Every hook, oldest first. */
  list(): Webhook[] {
    return this.#statements.all.all().map(webhookFromRow);
  }

  get(id: number): Webhook | undefined {
    const row = this.#statements.get.get(id);
    return row && webhookFromRow(row);
  }

  /** Makes a hook; throws WebhookLimitReached when its key (or the token) has `max` already. */
  create(hook: NewWebhook, max = Number.POSITIVE_INFINITY, now = Date.now()): Webhook {
    const { body, scope, keyId } = hook;
    const id = this.#db.transaction(() => {
      if (this.#statements.ofKey.get(keyId)! >= max) throw new WebhookLimitReached(max);
      return this.#statements.insert.run(
        body.url,
        JSON.stringify(body.events),
        hook.sealedSecret,
        scope?.campaignId ?? null,
        scope?.partner ?? null,
        keyId,
        now,
      ).lastInsertRowid;
    })();
    this.reload();
    return this.get(Number(id))!;
  }

  /** Gives a hook a new sealed secret; false when there is no such hook. */
  setSecret(id: number, sealedSecret: string): boolean {
    const changed = this.#statements.setSecret.run(sealedSecret, id).changes === 1;
    this.reload();
    return changed;
  }

  /** Deletes a hook with its deliveries and their attempts. */
  remove(id: number): void {
    this.#statements.delete.run(id);
    this.reload();
  }

  /** Deletes a removed partner's hooks (inside the partner's removal transaction). */
  removeForPartner(campaignId: number, partner: string): void {
    this.#statements.deleteForPartner.run(campaignId, partner);
    this.reload();
  }

  /** Stops a revoked key's hooks (inside the revocation's transaction); the ones stopped. */
  disableForKey(keyId: number, now = Date.now()): { id: number; url: string }[] {
    const stopped = this.#statements.disableForKey
      .all(now, KEY_REVOKED, keyId)
      .sort((a, b) => a.id - b.id);
    this.reload();
    return stopped;
  }

  /** Stops sending to a hook; the reason is what the admin reads. */
  disable(id: number, reason: string, now = Date.now()): void {
    this.#statements.disable.run(now, reason, id);
    this.reload();
  }

  /** Sends to a hook again (after a resend). */
  enable(id: number): void {
    this.#statements.enable.run(id);
    this.reload();
  }
}
