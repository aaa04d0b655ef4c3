/**
 * Partners of campaigns, whichever engine holds them: what the admin routes, partner keys and the
 * public campaign read need. Each change writes its audit row in the same transaction; removing a
 * partner also revokes the keys scoped to it, so a key never outlives what it was made for.
 *
 * Changes name the partner by campaign and slug, not by a row read earlier: the engine reads it
 * inside its own transaction, so a partner removed meanwhile (another node, the CLI) is reported
 * as gone, never changed back into being.
 */
import type { CreatePartnerBody, PatchPartnerBody } from '../partners/partner-contract.ts';
import type { Partner } from '../partners/partner-opt-in.ts';
import type { AuditRecord } from './audit-record.ts';
import type { Actor } from './actor.ts';

/** A campaign's partners. */
export interface PartnerStorage {
  /** The campaign's partners, by slug (byte order, the same on both engines). */
  list(campaignId: number): Promise<Partner[]>;
  /** One partner of a campaign, or undefined. */
  get(campaignId: number, slug: string): Promise<Partner | undefined>;
  /** Adds a partner, audited; rejects with PartnerConflict when the slug is taken here. */
  create(campaignId: number, body: CreatePartnerBody, actor: Actor): Promise<Partner>;
  /** Changes a partner (opt-in texts replaced language by language), audited; undefined if none. */
  patch(
    campaignId: number,
    slug: string,
    body: PatchPartnerBody,
    actor: Actor,
  ): Promise<Partner | undefined>;
  /** Removes a partner and revokes its keys, audited; the removed partner, or undefined if none. */
  remove(campaignId: number, slug: string, actor: Actor): Promise<Partner | undefined>;
}

/** A partner slug already taken in this campaign, from either engine. */
export class PartnerConflict extends Error {
  constructor() {
    super('This campaign has a partner with this slug.');
  }
}

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

/** A partner from its row. */
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

/** The merged opt-in texts of a patch: languages it names replaced, the others kept. */
export function patchedPartner(partner: Partner, body: PatchPartnerBody) {
  return {
    name: body.name ?? partner.name,
    privacyUrl: body.privacyUrl ?? partner.privacyUrl,
    optInText: JSON.stringify({ ...partner.optInText, ...body.optInText }),
  };
}

/** The audit row of a partner change. */
export function partnerAudit(
  campaignId: number,
  action: 'partner_create' | 'partner_update' | 'partner_delete',
  actor: Actor,
  slug: string,
): AuditRecord {
  // The reason column names the partner: a slug, never personal data.
  return { campaignId, action, actor, reason: slug };
}
