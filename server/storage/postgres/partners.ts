/**
 * Partners on PostgreSQL: the same rules as SQLite's (sqlite/partners.ts). Each change and its
 * audit row commit in one transaction; a removal revokes the partner's keys and runs its
 * listeners (the partner's webhooks) in that transaction too.
 *
 * Two nodes may take the same slug at once: the unique (campaign_id, slug) decides, and the
 * loser's insert does nothing and answers PartnerConflict. A patch locks the row it merges into,
 * so two nodes changing different languages of one partner both keep theirs.
 */
import type pg from 'pg';
import type { CreatePartnerBody, PatchPartnerBody } from '../../partners/partner-contract.ts';
import type { Partner } from '../../partners/partner-opt-in.ts';
import type { PartnerRow, PartnerStorage } from '../partner-storage.ts';
import {
  PartnerConflict,
  partnerAudit,
  partnerFromRow,
  patchedPartner,
} from '../partner-storage.ts';
import type { Actor } from '../actor.ts';
import { recordAudit } from './audit.ts';
import { transaction } from './open.ts';

/** Hears a partner's removal on the removal's transaction. */
export type PgPartnerRemoval = (client: pg.PoolClient, partner: Partner) => Promise<void>;

export class PgPartners implements PartnerStorage {
  readonly #pool: pg.Pool;
  readonly #onRemove: PgPartnerRemoval[] = [];

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Runs `listener` inside the transaction that removes a partner. */
  onRemove(listener: PgPartnerRemoval): void {
    this.#onRemove.push(listener);
  }

  async list(campaignId: number): Promise<Partner[]> {
    // COLLATE "C": byte order, as SQLite sorts; a locale's order would skip the hyphens.
    const { rows } = await this.#pool.query<PartnerRow>({
      name: 'partner-list',
      text: 'SELECT * FROM partners WHERE campaign_id = $1 ORDER BY slug COLLATE "C"',
      values: [campaignId],
    });
    return rows.map(partnerFromRow);
  }

  async get(campaignId: number, slug: string): Promise<Partner | undefined> {
    const { rows } = await this.#pool.query<PartnerRow>({
      name: 'partner-by-slug',
      text: 'SELECT * FROM partners WHERE campaign_id = $1 AND slug = $2',
      values: [campaignId, slug],
    });
    return rows[0] && partnerFromRow(rows[0]);
  }

  create(campaignId: number, body: CreatePartnerBody, actor: Actor): Promise<Partner> {
    const now = Date.now();
    return transaction(this.#pool, async (client) => {
      const { rows } = await client.query<PartnerRow>({
        name: 'partner-insert',
        text: `INSERT INTO partners (campaign_id, slug, name, privacy_url, opt_in_text, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $6)
               ON CONFLICT (campaign_id, slug) DO NOTHING RETURNING *`,
        values: [
          campaignId,
          body.slug,
          body.name,
          body.privacyUrl,
          JSON.stringify(body.optInText),
          now,
        ],
      });
      if (!rows[0]) throw new PartnerConflict();
      await recordAudit(client, partnerAudit(campaignId, 'partner_create', actor, body.slug), now);
      return partnerFromRow(rows[0]);
    });
  }

  patch(
    campaignId: number,
    slug: string,
    body: PatchPartnerBody,
    actor: Actor,
  ): Promise<Partner | undefined> {
    const now = Date.now();
    return transaction(this.#pool, async (client) => {
      const found = await client.query<PartnerRow>({
        name: 'partner-lock',
        text: 'SELECT * FROM partners WHERE campaign_id = $1 AND slug = $2 FOR UPDATE',
        values: [campaignId, slug],
      });
      if (!found.rows[0]) return undefined;
      const partner = partnerFromRow(found.rows[0]);
      const { name, privacyUrl, optInText } = patchedPartner(partner, body);
      const { rows } = await client.query<PartnerRow>({
        name: 'partner-update',
        text: `UPDATE partners SET name = $2, privacy_url = $3, opt_in_text = $4, updated_at = $5
               WHERE id = $1 RETURNING *`,
        values: [partner.id, name, privacyUrl, optInText, now],
      });
      await recordAudit(client, partnerAudit(campaignId, 'partner_update', actor, slug), now);
      return partnerFromRow(rows[0]);
    });
  }

  remove(campaignId: number, slug: string, actor: Actor): Promise<Partner | undefined> {
    const now = Date.now();
    return transaction(this.#pool, async (client) => {
      const { rows } = await client.query<PartnerRow>({
        name: 'partner-delete',
        text: 'DELETE FROM partners WHERE campaign_id = $1 AND slug = $2 RETURNING *',
        values: [campaignId, slug],
      });
      if (!rows[0]) return undefined;
      const partner = partnerFromRow(rows[0]);
      await client.query({
        name: 'partner-revoke-keys',
        text: `UPDATE admin_keys SET revoked_at = $1
               WHERE campaign_id = $2 AND partner = $3 AND revoked_at IS NULL`,
        values: [now, campaignId, slug],
      });
      for (const listener of this.#onRemove) await listener(client, partner);
      await recordAudit(client, partnerAudit(campaignId, 'partner_delete', actor, slug), now);
      return partner;
    });
  }
}
