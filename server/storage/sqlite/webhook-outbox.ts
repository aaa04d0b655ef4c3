/**
 * The outbox on SQLite: a change's webhook events written as delivery rows inside its
 * transaction. The signature writer calls `signatureCreated(row, id)` for each counted row it
 * inserts, inside its batch's transaction, on whatever connection it writes with (a writer on
 * its own connection makes its own outbox over it: the hooks it reads follow other connections'
 * commits, see webhook-store.ts). The erasure, the flag release and the campaign update call the
 * others inside theirs. Nothing here sends anything (the worker does, later); who gets what is
 * webhooks/webhook-events.ts.
 */
import type { CampaignStore } from './campaigns.ts';
import type { Db } from './open.ts';
import type { SignatureRow } from '../signature-row.ts';
import { SIGNATURE_ROW_SELECT } from '../signature-row.ts';
import type { Campaign } from '../../campaigns/campaign.ts';
import type { QueuedDelivery } from '../../webhooks/webhook-events.ts';
import * as events from '../../webhooks/webhook-events.ts';
import type { WebhookStore } from './webhook-store.ts';

/** Writes events to the outbox. */
export class WebhookOutbox {
  readonly #hooks: WebhookStore;
  readonly #campaigns: Pick<CampaignStore, 'byId'>;
  readonly #statements;
  /** Called after events were queued (the worker wakes); may run before their commit. */
  onQueued: () => void = () => {};

  constructor(db: Db, hooks: WebhookStore, campaigns: Pick<CampaignStore, 'byId'>) {
    this.#hooks = hooks;
    this.#campaigns = campaigns;
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event, signature_id, body, state, next_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ),
      // A released row, as the writer would have had it (for signature.created on release).
      row: db.prepare<[number], SignatureRow>(
        `SELECT ${SIGNATURE_ROW_SELECT} FROM signatures WHERE id = ?`,
      ),
      triedFor: db
        .prepare<[number], number>(
          `SELECT DISTINCT webhook_id FROM webhook_deliveries
         WHERE signature_id = ? AND event = 'signature.created'
           AND (attempts > 0 OR lease_owner IS NOT NULL)`,
        )
        .pluck(),
      // What was never tried (nor is on its way) goes; what was tried loses its body (personal
      // data) and is not retried.
      dropUnsent: db.prepare(
        `DELETE FROM webhook_deliveries WHERE signature_id = ? AND event = 'signature.created'
           AND attempts = 0 AND lease_owner IS NULL`,
      ),
      blank: db.prepare(
        `UPDATE webhook_deliveries SET body = NULL, lease_owner = NULL, lease_until = NULL,
           state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'erased' END
         WHERE signature_id = ? AND event = 'signature.created'`,
      ),
    };
  }

  #write(deliveries: readonly QueuedDelivery[]): void {
    for (const d of deliveries)
      this.#statements.insert.run(
        d.webhookId,
        d.eventId,
        d.event,
        d.signatureId,
        d.body,
        d.at,
        d.at,
      );
    if (deliveries.length) this.onQueued();
  }

  /** A counted signature was written (inside the writer's transaction). */
  signatureCreated(row: SignatureRow, id: number): void {
    const hooks = this.#hooks.enabled();
    if (hooks.length === 0 || row.flagged !== null) return;
    const slug = this.#campaigns.byId(row.campaignId)?.slug ?? null;
    this.#write(events.signatureCreated(hooks, row, id, slug));
  }

  /**
   * A flagged signature was released into the count (inside the review's transaction): hooks get
   * it now, as they would have when it was signed had it not been flagged.
   */
  signatureReleased(id: number): void {
    if (this.#hooks.enabled().length === 0) return;
    const row = this.#statements.row.get(id);
    if (row && row.flagged === null) this.signatureCreated(row, id);
  }

  /**
   * Signatures were erased (inside the erasure's transaction): every hook that may have received
   * one gets signature.erased with its id only; what was never sent is dropped, and no copy of
   * the person's data is kept in the outbox.
   */
  signaturesErased(campaignId: number, ids: readonly number[], now = Date.now()): void {
    const slug = this.#campaigns.byId(campaignId)?.slug ?? null;
    const hooks = this.#hooks.enabled();
    for (const id of ids) {
      const tried = new Set(this.#statements.triedFor.all(id));
      this.#statements.dropUnsent.run(id);
      this.#statements.blank.run(id);
      const to = hooks.filter((hook) => tried.has(hook.id));
      this.#write(events.signatureErased(to, slug, id, now));
    }
  }

  /** A campaign changed (inside the change's transaction). */
  campaignUpdated(campaign: Campaign, now = Date.now()): void {
    this.#write(events.campaignUpdated(this.#hooks.enabled(), campaign, now));
  }
}
