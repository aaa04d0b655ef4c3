/**
 * The webhooks table, and the enabled hooks held in memory: the signing path asks "who wants
 * this signature?" for every row it writes, and must not pay a query for it (with no hooks, it
 * pays one array length check). The cache is rebuilt after every change made through this store;
 * the CLI does not manage hooks, so no other connection changes them.
 */
import { randomBytes } from 'node:crypto';
import type { PartnerScope } from '../storage/sqlite/admin-keys.ts';
import type { Db } from '../storage/sqlite/open.ts';
import type { CreateWebhookBody, WebhookEvent } from './webhook-contract.ts';

/** A hook as the server holds it (the secret included: it signs with it). */
export interface Webhook {
  id: number;
  url: string;
  events: WebhookEvent[];
  secret: string;
  /** A partner key's hook sees only that partner of that campaign; null: host-wide. */
  scope: PartnerScope | null;
  keyId: number | null;
  createdAt: number;
  disabledAt: number | null;
  disabledReason: string | null;
}

interface WebhookRow {
  id: number;
  url: string;
  events: string;
  secret: string;
  campaign_id: number | null;
  partner: string | null;
  key_id: number | null;
  created_at: number;
  disabled_at: number | null;
  disabled_reason: string | null;
}

function fromRow(row: WebhookRow): Webhook {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events),
    secret: row.secret,
    scope:
      row.campaign_id !== null && row.partner !== null
        ? { campaignId: row.campaign_id, partner: row.partner }
        : null,
    keyId: row.key_id,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
    disabledReason: row.disabled_reason,
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** What the API shows of a hook: never the secret (it is shown once, when made). */
export function webhookView(hook: Webhook) {
  return {
    id: hook.id,
    url: hook.url,
    events: hook.events,
    scope: hook.scope,
    createdAt: iso(hook.createdAt)!,
    disabledAt: iso(hook.disabledAt),
    disabledReason: hook.disabledReason,
  };
}
export type WebhookView = ReturnType<typeof webhookView>;

/** May an actor with this scope (undefined: a full admin) see this hook? */
export const visibleTo = (hook: Webhook, scope: PartnerScope | undefined) =>
  scope === undefined ||
  (hook.scope?.campaignId === scope.campaignId && hook.scope.partner === scope.partner);

/** Webhooks. */
export class WebhookStore {
  readonly #statements;
  #enabled: Webhook[] = [];

  constructor(db: Db) {
    this.#statements = {
      all: db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY id'),
      get: db.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE id = ?'),
      insert: db.prepare(
        `INSERT INTO webhooks (url, events, secret, campaign_id, partner, key_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      delete: db.prepare('DELETE FROM webhooks WHERE id = ?'),
      deleteForPartner: db.prepare('DELETE FROM webhooks WHERE campaign_id = ? AND partner = ?'),
      disable: db.prepare(
        'UPDATE webhooks SET disabled_at = ?, disabled_reason = ? WHERE id = ? AND disabled_at IS NULL',
      ),
      enable: db.prepare(
        'UPDATE webhooks SET disabled_at = NULL, disabled_reason = NULL WHERE id = ?',
      ),
    };
    this.reload();
  }

  /** Rebuilds the in-memory list of enabled hooks from the table. */
  reload(): void {
    this.#enabled = this.#statements.all
      .all()
      .map(fromRow)
      .filter((hook) => hook.disabledAt === null);
  }

  /** The enabled hooks, from memory. */
  enabled(): readonly Webhook[] {
    return this.#enabled;
  }

  /** The hooks an actor may see, oldest first. */
  list(scope: PartnerScope | undefined): Webhook[] {
    return this.#statements.all
      .all()
      .map(fromRow)
      .filter((hook) => visibleTo(hook, scope));
  }

  /** One hook, if this actor may see it. */
  get(id: number, scope: PartnerScope | undefined): Webhook | undefined {
    const row = this.#statements.get.get(id);
    const hook = row ? fromRow(row) : undefined;
    return hook && visibleTo(hook, scope) ? hook : undefined;
  }

  /** Makes a hook with a fresh secret; the secret is in the returned hook, to be shown once. */
  create(
    body: CreateWebhookBody,
    scope: PartnerScope | null,
    keyId: number | null,
    now = Date.now(),
  ): Webhook {
    const secret = 'whsec_' + randomBytes(32).toString('base64url');
    const { lastInsertRowid } = this.#statements.insert.run(
      body.url,
      JSON.stringify(body.events),
      secret,
      scope?.campaignId ?? null,
      scope?.partner ?? null,
      keyId,
      now,
    );
    this.reload();
    return fromRow(this.#statements.get.get(Number(lastInsertRowid))!);
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
