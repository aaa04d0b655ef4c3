/**
 * Retention after delivery, as far as a campaign alone says it: when its signers' personal data
 * is due to be erased (its `retainDays` after it closed), and whether the console and the weekly
 * report must warn of it (within RETENTION_WARNING_DAYS). The erasure itself is the storage's
 * (storage/retention-storage.ts), run by the server on a timer.
 */
import { RETENTION_WARNING_DAYS } from '../contract/admin-limits.ts';
import type { Campaign } from './campaign.ts';

const DAY_MS = 86_400_000;

/** When the personal data is due to be erased (ms), or null: not closed, or no retention set. */
export function eraseAt(campaign: Campaign): number | null {
  if (campaign.status !== 'closed' || campaign.closedAt === null || campaign.retainDays === null)
    return null;
  return campaign.closedAt + campaign.retainDays * DAY_MS;
}

/** Whether the data of this closing is erased already (a reopened, closed again campaign is not). */
export function erasedSinceClosing(campaign: Campaign): boolean {
  return (
    campaign.dataErasedAt !== null &&
    campaign.closedAt !== null &&
    campaign.dataErasedAt >= campaign.closedAt
  );
}

/** When to warn: the erasure is due within RETENTION_WARNING_DAYS of `now` and not done; or null. */
export function erasureWarning(campaign: Campaign, now: number): number | null {
  const at = eraseAt(campaign);
  if (at === null || erasedSinceClosing(campaign)) return null;
  return at - now <= RETENTION_WARNING_DAYS * DAY_MS ? at : null;
}
