/**
 * The outbox: events written as delivery rows inside the transaction of the change they report.
 * Called from the group-commit writer (a signature), the erasure and the campaign update, always
 * within their transactions; nothing here sends anything (the worker does, later).
 *
 * Who gets what: a host-wide hook, every counted signature of every campaign; a partner's hook,
 * only the counted signatures its partner brought that opted in to it, in its campaign (the rows
 * its key may read). Flagged rows are suspect and are not sent.
 */
import { randomUUID } from 'node:crypto';
import type { AdminSignature } from '../storage/sqlite/admin-signatures.ts';
import { partnerConsentOf } from '../storage/sqlite/admin-signatures.ts';
import type { Campaign, CampaignStore } from '../storage/sqlite/campaigns.ts';
import type { Db } from '../storage/sqlite/open.ts';
import type { SignatureRow } from '../storage/sqlite/signatures.ts';
import type { WebhookEvent } from './webhook-contract.ts';
import type { Webhook, WebhookStore } from './webhook-store.ts';

/** What a signature.created event carries: the signature as its reader's key would list it. */
type SentSignature = Omit<AdminSignature, 'origin' | 'referrer' | 'utm' | 'flagged' | 'reviewedAt'>;

/** Writes events to the outbox. */
export class WebhookOutbox {
  readonly #hooks: WebhookStore;
  readonly #campaigns: CampaignStore;
  readonly #statements;
  /** Called after events were queued (the worker wakes); may run before their commit. */
  onQueued: () => void = () => {};

  constructor(db: Db, hooks: WebhookStore, campaigns: CampaignStore) {
    this.#hooks = hooks;
    this.#campaigns = campaigns;
    this.#statements = {
      insert: db.prepare(
        `INSERT INTO webhook_deliveries (webhook_id, event_id, event, signature_id, body, state, next_at, created_at)
         VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ),
      // A released row, as the writer would have had it (for signature.created on release).
      row: db.prepare<[number], SignatureRow>(
        `SELECT campaign_id AS campaignId, email_hash AS emailHash, first_name AS firstName,
           last_name AS lastName, email, city, postal_code AS postalCode, country, opt_in AS optIn,
           lang, consent_hash AS consentHash, partner, partner_opt_in AS partnerOptIn,
           partner_consent_hash AS partnerConsentHash, partner_consent_lang AS partnerConsentLang,
           origin, referrer, utm, ip_hash AS ipHash, flagged, created_at AS createdAt
         FROM signatures WHERE id = ?`,
      ),
      sentFor: db.prepare<[number], { webhook_id: number; attempts: number; state: string }>(
        `SELECT webhook_id, attempts, state FROM webhook_deliveries
         WHERE signature_id = ? AND event = 'signature.created'`,
      ),
      // What was never tried goes; what was tried loses its body (personal data) and is not retried.
      dropUnsent: db.prepare(
        `DELETE FROM webhook_deliveries WHERE signature_id = ? AND event = 'signature.created' AND attempts = 0`,
      ),
      blank: db.prepare(
        `UPDATE webhook_deliveries SET body = NULL,
           state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'erased' END
         WHERE signature_id = ? AND event = 'signature.created'`,
      ),
    };
  }

  #queue(
    hook: Webhook,
    event: WebhookEvent,
    eventId: string,
    data: unknown,
    signatureId: number | null,
    now: number,
  ) {
    const body = JSON.stringify({
      id: eventId,
      type: event,
      createdAt: new Date(now).toISOString(),
      data,
    });
    this.#statements.insert.run(hook.id, eventId, event, signatureId, body, now, now);
  }

  #wanting(event: WebhookEvent): Webhook[] {
    return this.#hooks.enabled().filter((hook) => hook.events.includes(event));
  }

  /** A counted signature was written (inside the writer's transaction). */
  signatureCreated(row: SignatureRow, id: number): void {
    if (this.#hooks.enabled().length === 0 || row.flagged !== null) return;
    const hooks = this.#wanting('signature.created').filter(
      (hook) =>
        hook.scope === null ||
        (hook.scope.campaignId === row.campaignId &&
          hook.scope.partner === row.partner &&
          row.partnerOptIn === 1),
    );
    if (!hooks.length) return;
    const at = new Date(row.createdAt).toISOString();
    const signature: SentSignature = {
      id,
      firstName: row.firstName,
      lastName: row.lastName,
      email: row.email,
      city: row.city,
      postalCode: row.postalCode,
      country: row.country,
      partner: row.partner,
      optIn: row.optIn === 1,
      consent: { version: row.consentHash, lang: row.lang, at },
      partnerConsent: partnerConsentOf(
        row.partnerOptIn,
        row.partnerConsentHash,
        row.partnerConsentLang,
        at,
      ),
      createdAt: at,
    };
    const data = { campaign: this.#campaigns.byId(row.campaignId)?.slug ?? null, signature };
    const eventId = randomUUID();
    for (const hook of hooks)
      this.#queue(hook, 'signature.created', eventId, data, id, row.createdAt);
    this.onQueued();
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
    let queued = false;
    for (const id of ids) {
      const tried = new Set(
        this.#statements.sentFor
          .all(id)
          .filter((sent) => sent.attempts > 0)
          .map((sent) => sent.webhook_id),
      );
      this.#statements.dropUnsent.run(id);
      this.#statements.blank.run(id);
      const hooks = this.#wanting('signature.erased').filter((hook) => tried.has(hook.id));
      const eventId = randomUUID();
      for (const hook of hooks)
        this.#queue(
          hook,
          'signature.erased',
          eventId,
          { campaign: slug, signature: { id } },
          id,
          now,
        );
      queued ||= hooks.length > 0;
    }
    if (queued) this.onQueued();
  }

  /** A campaign changed (inside the change's transaction): host hooks and that campaign's partners. */
  campaignUpdated(campaign: Campaign, now = Date.now()): void {
    const hooks = this.#wanting('campaign.updated').filter(
      (hook) => hook.scope === null || hook.scope.campaignId === campaign.id,
    );
    if (!hooks.length) return;
    const { slug, status, goal, offset } = campaign;
    const data = {
      campaign: {
        slug,
        status,
        goal,
        offset,
        updatedAt: new Date(campaign.updatedAt).toISOString(),
      },
    };
    const eventId = randomUUID();
    for (const hook of hooks) this.#queue(hook, 'campaign.updated', eventId, data, null, now);
    this.onQueued();
  }
}
