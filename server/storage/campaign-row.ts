/**
 * A row of `campaigns` as both engines return it, and the campaign it makes; the columns a
 * patch may change. JSON columns (texts, fields, origins) are text on both engines.
 */
import type { CampaignStatus, GoalMode, Language, Verification } from '../contract/public.ts';
import type { Campaign, CampaignPatch } from '../campaigns/campaign.ts';
import type { GoalSettings } from '../campaigns/goal.ts';

/** A patch's keys pick columns from here (both engines): they never reach SQL themselves. */
export const PATCH_COLUMNS: Record<keyof CampaignPatch, string> = {
  status: 'status',
  target: 'target',
  defaultLang: 'default_lang',
  texts: 'texts',
  fields: 'fields',
  allowedOrigins: 'allowed_origins',
  offset: 'counter_offset',
  goal: 'goal',
  verification: 'verification',
  senderName: 'sender_name',
  goalMode: 'goal_mode',
  goalSteps: 'goal_steps',
  retainDays: 'retain_days',
};

/** A row of `campaigns`, as both engines return it. */
export interface CampaignRow {
  id: number;
  slug: string;
  status: CampaignStatus;
  target: string;
  default_lang: Language;
  texts: string;
  fields: string;
  allowed_origins: string;
  counter_offset: number;
  goal: number | null;
  goal_mode: GoalMode;
  /** JSON: the steps of `auto` mode, or NULL for the default ladder. */
  goal_steps: string | null;
  signature_count: number;
  verification: Verification;
  sender_name: string | null;
  retain_days: number | null;
  closed_at: number | null;
  data_erased_at: number | null;
  created_at: number;
  updated_at: number;
}

/** What a row's goal follows (goal.ts). */
export function goalSettingsOf(
  row: Pick<CampaignRow, 'goal' | 'goal_mode' | 'goal_steps'>,
): GoalSettings {
  return {
    goal: row.goal,
    goalMode: row.goal_mode,
    goalSteps: row.goal_steps === null ? null : JSON.parse(row.goal_steps),
  };
}

export function fromRow(row: CampaignRow): Campaign {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    target: row.target,
    defaultLang: row.default_lang,
    texts: JSON.parse(row.texts),
    fields: JSON.parse(row.fields),
    allowedOrigins: JSON.parse(row.allowed_origins),
    offset: row.counter_offset,
    ...goalSettingsOf(row),
    goal: row.goal,
    verification: row.verification,
    senderName: row.sender_name,
    retainDays: row.retain_days,
    closedAt: row.closed_at,
    dataErasedAt: row.data_erased_at,
    signatures: row.signature_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
