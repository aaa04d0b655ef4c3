/**
 * Creating and changing campaigns on an admin's behalf: the one path the API and the CLI share,
 * so an offset is never changed without its audit row, whichever door the change came through.
 */
import type { CreateCampaignBody, PatchCampaignBody } from '../contract/admin.ts';
import type { CampaignStorage } from '../storage/storage.ts';
import { CampaignTaken } from '../storage/storage.ts';
import type { Actor } from '../storage/actor.ts';
import type { CampaignStatus, Verification } from '../contract/public.ts';
import type { Campaign, CampaignPatch } from './campaign.ts';
import { counterOf, DEFAULT_VERIFICATION } from './campaign.ts';
import { eraseAt } from './retention.ts';

const isoOrNull = (time: number | null) => (time === null ? null : new Date(time).toISOString());

/** What an admin sees of a campaign. */
export function adminView(campaign: Campaign) {
  return {
    id: campaign.id,
    slug: campaign.slug,
    status: campaign.status,
    target: campaign.target,
    defaultLang: campaign.defaultLang,
    texts: campaign.texts,
    fields: campaign.fields,
    allowedOrigins: campaign.allowedOrigins,
    goal: campaign.goal,
    goalMode: campaign.goalMode,
    goalSteps: campaign.goalSteps,
    offset: campaign.offset,
    verification: campaign.verification,
    senderName: campaign.senderName,
    retainDays: campaign.retainDays,
    closedAt: isoOrNull(campaign.closedAt),
    /** When the server will erase the signers' personal data (closed, with a retention). */
    eraseAt: isoOrNull(eraseAt(campaign)),
    dataErasedAt: isoOrNull(campaign.dataErasedAt),
    counter: counterOf(campaign),
    createdAt: new Date(campaign.createdAt).toISOString(),
    updatedAt: new Date(campaign.updatedAt).toISOString(),
  };
}
export type AdminCampaign = ReturnType<typeof adminView>;

/** What a partner key sees of its campaign: what it runs on, not how the host configured it. */
export function partnerCampaignView(campaign: Campaign) {
  const { slug, status, target, defaultLang, texts, fields, goal, goalMode } = campaign;
  const counter = counterOf(campaign);
  return { slug, status, target, defaultLang, texts, fields, goal, goalMode, counter };
}

/** Why a change was refused, as a field and a sentence. */
export class CampaignConflict extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Refuses an open campaign asking for email confirmation on a server that cannot send mail (no
 * PETITION_SMTP_URL, listening beyond loopback): its signatures could never be confirmed.
 */
function checkMail(status: CampaignStatus, verification: Verification, canMail: boolean): void {
  if (canMail || status !== 'open' || verification !== 'email') return;
  throw new CampaignConflict(
    'verification',
    'This server cannot send mail (PETITION_SMTP_URL is not set), so a campaign asking for email confirmation cannot be open: set verification to none, or set up SMTP first.',
  );
}

/** Creates a campaign and its 'create' audit row (with the starting offset) in one transaction. */
export async function createCampaign(
  campaigns: CampaignStorage,
  body: CreateCampaignBody,
  actor: Actor,
  canMail = true,
): Promise<Campaign> {
  const taken = () => new CampaignConflict('slug', 'A campaign with this slug exists.');
  if (campaigns.get(body.slug)) throw taken();
  checkMail(body.status ?? 'draft', body.verification ?? DEFAULT_VERIFICATION, canMail);
  const { offsetReason, ...input } = body;
  try {
    return await campaigns.create(input, (created) => ({
      campaignId: created.id,
      action: 'create',
      actor,
      newValue: created.offset,
      reason: offsetReason ?? null,
    }));
  } catch (error) {
    // Another writer (the CLI, another node) took the slug between the check and the insert.
    if (error instanceof CampaignTaken) throw taken();
    throw error;
  }
}

/**
 * Applies a patch; an offset change writes its audit row in the same transaction (as the engine
 * writes the campaign.updated webhook event there).
 */
export function patchCampaign(
  campaigns: CampaignStorage,
  campaign: Campaign,
  body: PatchCampaignBody,
  actor: Actor,
  canMail = true,
): Promise<Campaign> {
  const { offsetReason, texts, ...rest } = body;
  try {
    checkMail(body.status ?? campaign.status, body.verification ?? campaign.verification, canMail);
  } catch (error) {
    return Promise.reject(error);
  }
  const patch: CampaignPatch = { ...rest };
  // Texts are replaced language by language: sending `fr` leaves `en` as it was.
  if (texts) patch.texts = { ...campaign.texts, ...texts };
  const finalTexts = patch.texts ?? campaign.texts;
  if (!finalTexts[patch.defaultLang ?? campaign.defaultLang]) {
    return Promise.reject(new CampaignConflict('defaultLang', 'The default language needs texts.'));
  }
  return campaigns.update(campaign.id, patch, (before, after) => {
    if (body.offset === undefined || before.offset === after.offset) return null;
    return {
      campaignId: campaign.id,
      action: 'offset',
      actor,
      oldValue: before.offset,
      newValue: after.offset,
      reason: offsetReason,
    };
  });
}
