/**
 * The partners table on SQLite. PartnerStore is synchronous, for the CLI and the fixtures that
 * write before a server starts; SqlitePartners is the same store behind the storage interface.
 * Each change and its audit row commit in one transaction, and so do a removal's key
 * revocations and whatever its listeners remove (the partner's webhooks).
 *
 * Reads go to SQLite (one primary-key-shaped lookup on the unique index): the CLI may change
 * partners from its own connection, and a cache would have to follow it.
 */
import type { CreatePartnerBody, PatchPartnerBody } from '../../partners/partner-contract.ts';
import type { Partner } from '../../partners/partner-opt-in.ts';
import type { PartnerRow, PartnerStorage } from '../partner-storage.ts';
import {
  PartnerConflict,
  partnerAudit,
  partnerFromRow,
  patchedPartner,
} from '../partner-storage.ts';
import type { AuditLog } from './audit.ts';
import type { Actor } from '../actor.ts';
import type { Db } from './open.ts';

/** Hears a partner's removal inside its transaction (webhooks scoped to it go with it). */
export type PartnerRemoval = (partner: Partner) => void;

/** Partners of campaigns, synchronously. */
export class PartnerStore {
  readonly #db: Db;
  readonly #audit: AuditLog;
  readonly #statements;
  readonly #onRemove: PartnerRemoval[] = [];

  constructor(db: Db, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
    this.#statements = {
      list: db.prepare<[number], PartnerRow>(
        'SELECT * FROM partners WHERE campaign_id = ? ORDER BY slug',
      ),
      get: db.prepare<[number, string], PartnerRow>(
        'SELECT * FROM partners WHERE campaign_id = ? AND slug = ?',
      ),
      insert: db.prepare(
        `INSERT INTO partners (campaign_id, slug, name, privacy_url, opt_in_text, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare(
        'UPDATE partners SET name = ?, privacy_url = ?, opt_in_text = ?, updated_at = ? WHERE id = ?',
      ),
      delete: db.prepare('DELETE FROM partners WHERE id = ?'),
      revokeKeys: db.prepare(
        'UPDATE admin_keys SET revoked_at = ? WHERE campaign_id = ? AND partner = ? AND revoked_at IS NULL',
      ),
    };
  }

  /** Runs `listener` inside the transaction that removes a partner. */
  onRemove(listener: PartnerRemoval): void {
    this.#onRemove.push(listener);
  }

  /** The campaign's partners, by slug. */
  list(campaignId: number): Partner[] {
    return this.#statements.list.all(campaignId).map(partnerFromRow);
  }

  /** One partner of a campaign, or undefined. */
  get(campaignId: number, slug: string): Partner | undefined {
    const row = this.#statements.get.get(campaignId, slug);
    return row ? partnerFromRow(row) : undefined;
  }

  /** Adds a partner; throws PartnerConflict when the slug is taken in this campaign. */
  create(campaignId: number, body: CreatePartnerBody, actor: Actor, now = Date.now()): Partner {
    return this.#db.transaction(() => {
      if (this.#statements.get.get(campaignId, body.slug)) throw new PartnerConflict();
      const text = JSON.stringify(body.optInText);
      this.#statements.insert.run(
        campaignId,
        body.slug,
        body.name,
        body.privacyUrl,
        text,
        now,
        now,
      );
      this.#audit.record(partnerAudit(campaignId, 'partner_create', actor, body.slug), now);
      return this.get(campaignId, body.slug)!;
    })();
  }

  /** Changes a partner; opt-in texts are replaced language by language. Undefined if none. */
  patch(
    campaignId: number,
    slug: string,
    body: PatchPartnerBody,
    actor: Actor,
    now = Date.now(),
  ): Partner | undefined {
    return this.#db.transaction(() => {
      const partner = this.get(campaignId, slug);
      if (!partner) return undefined;
      const { name, privacyUrl, optInText } = patchedPartner(partner, body);
      this.#statements.update.run(name, privacyUrl, optInText, now, partner.id);
      this.#audit.record(partnerAudit(campaignId, 'partner_update', actor, slug), now);
      return this.get(campaignId, slug);
    })();
  }

  /**
   * Removes a partner and revokes its keys; the removed partner, or undefined if none. Its
   * signatures keep the partner's slug as attribution and their receipts: what a person
   * consented to stays on record.
   */
  remove(campaignId: number, slug: string, actor: Actor, now = Date.now()): Partner | undefined {
    return this.#db.transaction(() => {
      const partner = this.get(campaignId, slug);
      if (!partner) return undefined;
      this.#statements.delete.run(partner.id);
      this.#statements.revokeKeys.run(now, campaignId, slug);
      for (const listener of this.#onRemove) listener(partner);
      this.#audit.record(partnerAudit(campaignId, 'partner_delete', actor, slug), now);
      return partner;
    })();
  }
}

/** The SQLite store behind the storage interface (it answers at once; the promises are settled). */
export class SqlitePartners implements PartnerStorage {
  constructor(readonly store: PartnerStore) {}

  async list(campaignId: number) {
    return this.store.list(campaignId);
  }

  async get(campaignId: number, slug: string) {
    return this.store.get(campaignId, slug);
  }

  async create(campaignId: number, body: CreatePartnerBody, actor: Actor) {
    return this.store.create(campaignId, body, actor);
  }

  async patch(campaignId: number, slug: string, body: PatchPartnerBody, actor: Actor) {
    return this.store.patch(campaignId, slug, body, actor);
  }

  async remove(campaignId: number, slug: string, actor: Actor) {
    return this.store.remove(campaignId, slug, actor);
  }
}
