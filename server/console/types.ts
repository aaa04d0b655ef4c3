/**
 * The admin API's answers as the console reads them: the server's own types, imported as types
 * only, so the bundle gains no byte and a change on the server shows up in the type check.
 */
export type { AdminCampaign } from '../campaigns/admin-campaigns.ts';
export type { AuditEntry } from '../storage/audit-record.ts';
export type { GoalReached } from '../storage/goal-history.ts';
export type { AdminSignature, SignaturePage } from '../storage/admin-signature.ts';
export type { CampaignStats, PartnerStats } from '../storage/stats-storage.ts';
export type { AdminKeyInfo } from '../storage/actor.ts';
export type { PartnerView } from '../partners/partner-opt-in.ts';
export type { WebhookEvent } from '../webhooks/webhook-contract.ts';
export type { WebhookView } from '../webhooks/webhook-view.ts';
export type { DeliveryView } from '../storage/webhook-storage.ts';
export type { CampaignTexts, Counter, Language } from '../contract/public.ts';

/** A list answer of the admin API. */
export interface ListOf<T> {
  data: T[];
}
