/**
 * What the public routes need, from either storage engine, and the campaign checks the reads and
 * signing share.
 */
import type { Campaign } from '../../campaigns/campaign.ts';
import type { Settings } from '../../config/settings.ts';
import type { PartnerStorage } from '../../storage/partner-storage.ts';
import type { CampaignStorage, SignatureStorage, Storage } from '../../storage/storage.ts';
import type { ConfirmationStorage } from '../../storage/confirmation-storage.ts';
import { ProblemError } from '../problem.ts';
import type { RateLimiter } from '../rate-limit.ts';

/** What the public routes need, from either storage engine. */
export interface PublicDeps {
  settings: Settings;
  secret: Buffer;
  campaigns: Pick<CampaignStorage, 'get'>;
  writer: Pick<SignatureStorage, 'submit'>;
  partners: Pick<PartnerStorage, 'get'>;
  /** The confirmation mail again ("Send it again"). */
  confirmations: Pick<ConfirmationStorage, 'resend'>;
  signLimiter: Pick<RateLimiter, 'check'>;
  /** Who just signed and asked to be shown (storage/recent-signers.ts). */
  recent: Storage['recent'];
}

/** The campaign with this slug, or 404 (a draft is not public yet). */
export function campaignOr404(deps: Pick<PublicDeps, 'campaigns'>, slug: string): Campaign {
  const campaign = deps.campaigns.get(slug);
  if (!campaign || campaign.status === 'draft') throw new ProblemError(404, 'No such campaign.');
  return campaign;
}

/** May this origin sign? Every origin when the campaign lists none. */
export function originAllowed(campaign: Campaign, origin: string | undefined): boolean {
  if (campaign.allowedOrigins.length === 0) return true;
  return origin !== undefined && campaign.allowedOrigins.includes(origin);
}
