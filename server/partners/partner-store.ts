/**
 * The partners table. Each change writes its audit row in the same transaction; deleting a
 * partner also revokes the keys scoped to it, so a key never outlives what it was made for.
 *
 * Reads go to SQLite (one primary-key-shaped lookup on the unique index): the CLI may change
 * partners from its own connection, and a cache would have to follow it.
 */
import type { AuditLog } from '../storage/sqlite/admin-audit.ts';
import type { Actor } from '../storage/sqlite/admin-keys.ts';
import type { Db } from '../storage/sqlite/open.ts';
import type { CreatePartnerBody, PatchPartnerBody } from './partner-contract.ts';
import type { Partner } from './partner-opt-in.ts';

/** A row of `partners`, as both engines return it. */
export interface PartnerRow {
  id: number;
  campaign_id: number;
  slug: string;
  name: string;
  privacy_url: string;
  opt_in_text: string;
  created_at: number;
  updated_at: number;
}

export function partnerFromRow(row: PartnerRow): Partner {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    slug: row.slug,
    name: row.name,
    privacyUrl: row.privacy_url,
    optInText: JSON.parse(row.opt_in_text),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A partner slug already taken in this campaign. */
export class PartnerConflict extends Error {}

/** Hears a partner's removal inside its transaction (webhooks scoped to it go with it). */
export type PartnerRemoval = (partner: Partner) => void;

/** Partners of campaigns. */
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
      this.#record(campaignId, 'partner_create', actor, body.slug, now);
      return this.get(campaignId, body.slug)!;
    })();
  }

  /** Changes a partner; opt-in texts are replaced language by language. */
  patch(partner: Partner, body: PatchPartnerBody, actor: Actor, now = Date.now()): Partner {
    const optInText = { ...partner.optInText, ...body.optInText };
    return this.#db.transaction(() => {
      this.#statements.update.run(
        body.name ?? partner.name,
        body.privacyUrl ?? partner.privacyUrl,
        JSON.stringify(optInText),
        now,
        partner.id,
      );
      this.#record(partner.campaignId, 'partner_update', actor, partner.slug, now);
      return this.get(partner.campaignId, partner.slug)!;
    })();
  }

  /**
   * Removes a partner and revokes its keys. Its signatures keep the partner's slug as
   * attribution and their receipts: what a person consented to stays on record.
   */
  remove(partner: Partner, actor: Actor, now = Date.now()): void {
    this.#db.transaction(() => {
      this.#statements.delete.run(partner.id);
      this.#statements.revokeKeys.run(now, partner.campaignId, partner.slug);
      for (const listener of this.#onRemove) listener(partner);
      this.#record(partner.campaignId, 'partner_delete', actor, partner.slug, now);
    })();
  }

  #record(
    campaignId: number,
    action: 'partner_create' | 'partner_update' | 'partner_delete',
    actor: Actor,
    slug: string,
    now: number,
  ) {
    // The reason column names the partner: a slug, never personal data.
    this.#audit.record({ campaignId, action, actor, reason: slug }, now);
  }
}
