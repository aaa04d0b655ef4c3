/**
 * The retention sweep on a timer (wiring only; the erasure is the storage's, see
 * storage/retention-storage.ts): every few minutes each node erases the personal data of the
 * closed campaigns whose retention has passed, and logs which and how many rows (no data).
 */
import type { Storage } from '../storage/storage.ts';
import { every } from './timers.ts';

/** How often the sweep runs: an erasure is due by the day, so a few minutes late is nothing. */
const RETENTION_SWEEP_MS = 10 * 60 * 1000;

/** Starts the sweep; returns how to stop it. */
export function startRetention(
  storage: Pick<Storage, 'retention' | 'campaigns'>,
  log: (line: Record<string, unknown>) => void,
): () => void {
  return every(
    RETENTION_SWEEP_MS,
    'retention-sweep',
    async () => {
      const erased = await storage.retention.sweep();
      for (const [campaignId, rows] of erased)
        log({
          time: new Date().toISOString(),
          what: 'retention erasure',
          campaign: storage.campaigns.byId(campaignId)?.slug,
          rows,
        });
    },
    log,
  );
}
