/**
 * CLI commands for flag review: list a campaign's flagged signatures with their reasons, count a
 * flagged one, flag a counted one by hand. The same store and audit as PATCH
 * /api/admin/signatures/{id}, with `cli` as the actor; a running server picks the counter change
 * up within a second (see syncExternalChanges).
 */
import { AuditLog } from '../db/admin-audit.ts';
import { WebhookOutbox } from '../webhooks/webhook-outbox.ts';
import { WebhookStore } from '../webhooks/webhook-store.ts';
import type { FlagDecision } from '../db/admin-flags.ts';
import { FlagReview } from '../db/admin-flags.ts';
import { CampaignStore } from '../db/campaigns.ts';
import type { Db } from '../db/open.ts';
import type { Command, Io, OptionValues } from './command.ts';
import { integerArgument, requiredOption, UsageError } from './command.ts';

export const listFlaggedCommand: Command = {
  name: 'flagged',
  summary: "List a campaign's flagged signatures: id, signed at, reason (no personal data)",
  help: `Usage: npm run admin -- flagged <slug>

One line a flagged signature (id, signed at, reason), oldest first, then the count by reason.
Count one with unflag <id>; the export has every field.`,
  options: {},
  positionals: [1, 1],
  needsExistingDatabase: true,
  run(db, { positionals: [slug] }, io) {
    const campaign = new CampaignStore(db).get(slug);
    if (!campaign) throw new UsageError(`flagged: no campaign "${slug.slice(0, 100)}"`);
    const rows = db
      .prepare<[number], { id: number; flagged: string; created_at: number }>(
        `SELECT id, flagged, created_at FROM signatures INDEXED BY signatures_flagged
         WHERE campaign_id = ? AND flagged IS NOT NULL ORDER BY id`,
      )
      .iterate(campaign.id);
    const byReason = new Map<string, number>();
    for (const row of rows) {
      io.out(`${row.id}\t${new Date(row.created_at).toISOString()}\t${row.flagged}`);
      byReason.set(row.flagged, (byReason.get(row.flagged) ?? 0) + 1);
    }
    const summary = [...byReason].sort((a, b) => b[1] - a[1]).map(([reason, n]) => `${reason} ${n}`);
    io.err.write(`${slug}: ${summary.length ? summary.join(', ') : 'nothing flagged'}\n`);
  },
};

function decide(name: string, db: Db, value: string, decision: FlagDecision, io: Io) {
  const id = integerArgument(name, 'id', value, 1);
  const campaigns = new CampaignStore(db);
  // A released signature reaches the running server's hooks, as through the API.
  const outbox = new WebhookOutbox(db, new WebhookStore(db), campaigns);
  const review = new FlagReview(db, campaigns, new AuditLog(db), (released) => outbox.signatureReleased(released));
  const outcome = review.decide(id, decision, { kind: 'cli' });
  if (outcome.kind === 'unknown') throw new UsageError(`${name}: no signature ${id}`);
  if (outcome.kind === 'duplicate') {
    throw new UsageError(
      `${name}: the same person already has a counted signature in this campaign (id ${outcome.countedId}); ` +
        `${id} stays flagged`,
    );
  }
  const state = outcome.flagged === null ? 'counted' : `flagged (${outcome.flagged})`;
  const counter = campaigns.byId(outcome.campaignId)?.signatures;
  io.out(`Signature ${id} ${outcome.changed ? 'is now' : 'already was'} ${state}; ${counter} counted.`);
}

const reasonOf = (values: OptionValues) => (typeof values.reason === 'string' ? values.reason.trim() : undefined);

function checkReason(name: string, reason: string | undefined) {
  if (reason !== undefined && (reason === '' || reason.length > 500)) {
    throw new UsageError(`${name}: --reason must be 1 to 500 characters`);
  }
}

export const unflagCommand: Command = {
  name: 'unflag',
  summary: 'Count a flagged signature (audited; refused if that person is already counted)',
  help: `Usage: npm run admin -- unflag <id> [--reason "<why>"]

The id is the one flagged (or the admin API) shows. The counter moves in the same transaction.

Options:
  --reason <text>   why, for the audit log`,
  options: { reason: { type: 'string' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  run(db, { values, positionals: [value] }, io) {
    const reason = reasonOf(values);
    checkReason('unflag', reason);
    decide('unflag', db, value, { flagged: false, reason }, io);
  },
};

export const flagCommand: Command = {
  name: 'flag',
  summary: 'Flag a counted signature by hand: it leaves the count (audited)',
  help: `Usage: npm run admin -- flag <id> --reason "<why>"

Options:
  --reason <text>   why, for the audit log (required)`,
  options: { reason: { type: 'string' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  run(db, { values, positionals: [value] }, io) {
    const reason = requiredOption('flag', values, 'reason').trim();
    checkReason('flag', reason);
    decide('flag', db, value, { flagged: true, reason }, io);
  },
};
