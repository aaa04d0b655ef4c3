/**
 * CLI commands for flag review: list a campaign's flagged signatures with their reasons (or only
 * the ones nobody has reviewed), count a flagged one, keep one flagged after review, flag a counted
 * one by hand. The same store and audit as PATCH
 * /api/admin/signatures/{id}, with `cli` as the actor; a running server picks the counter change
 * up within a second (see syncExternalChanges).
 */
import { AuditLog } from '../storage/sqlite/admin-audit.ts';
import { WebhookOutbox } from '../storage/sqlite/webhook-outbox.ts';
import { WebhookStore } from '../storage/sqlite/webhook-store.ts';
import type { FlagDecision } from '../storage/flag-decision.ts';
import { FlagReview } from '../storage/sqlite/admin-flags.ts';
import { CampaignStore } from '../storage/sqlite/campaigns.ts';
import type { Db } from '../storage/sqlite/open.ts';
import type { Command, Io, OptionValues } from './command.ts';
import { integerArgument, requiredOption, UsageError } from './command.ts';

export const listFlaggedCommand: Command = {
  name: 'flagged',
  summary:
    "List a campaign's flagged signatures: id, signed at, reason, reviewed at (no personal data)",
  help: `Usage: npm run admin -- flagged <slug> [--unreviewed]

One line a flagged signature (id, signed at, reason, reviewed at or -), oldest first, then the
count by reason. Count one with unflag <id>, keep one with keep <id>; the export has every field.

Options:
  --unreviewed   only the rows nobody has decided on yet`,
  options: { unreviewed: { type: 'boolean' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  run(db, { values, positionals: [slug] }, io) {
    const campaign = new CampaignStore(db).get(slug);
    if (!campaign) throw new UsageError(`flagged: no campaign "${slug.slice(0, 100)}"`);
    const unreviewed = values.unreviewed === true ? ' AND reviewed_at IS NULL' : '';
    const rows = db
      .prepare<
        [number],
        { id: number; flagged: string; created_at: number; reviewed_at: number | null }
      >(
        `SELECT id, flagged, created_at, reviewed_at FROM signatures INDEXED BY signatures_flagged
         WHERE campaign_id = ? AND flagged IS NOT NULL${unreviewed} ORDER BY id`,
      )
      .iterate(campaign.id);
    const byReason = new Map<string, number>();
    const iso = (time: number) => new Date(time).toISOString();
    for (const row of rows) {
      const reviewed = row.reviewed_at === null ? '-' : iso(row.reviewed_at);
      io.out(`${row.id}\t${iso(row.created_at)}\t${row.flagged}\t${reviewed}`);
      byReason.set(row.flagged, (byReason.get(row.flagged) ?? 0) + 1);
    }
    const summary = [...byReason]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${reason} ${n}`);
    io.err.write(
      `${slug}: ${summary.length ? summary.join(', ') : unreviewed ? 'nothing left to review' : 'nothing flagged'}\n`,
    );
  },
};

function decide(name: string, db: Db, value: string, decision: FlagDecision, io: Io) {
  const id = integerArgument(name, 'id', value, 1);
  const campaigns = new CampaignStore(db);
  // A released signature reaches the running server's hooks, as through the API.
  const outbox = new WebhookOutbox(db, new WebhookStore(db), campaigns);
  const review = new FlagReview(db, campaigns, new AuditLog(db), (released) =>
    outbox.signatureReleased(released),
  );
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
  const how = outcome.changed ? 'is now' : outcome.flagged === null ? 'already was' : 'stays';
  io.out(`Signature ${id} ${how} ${state}; ${counter} counted.`);
}

const reasonOf = (values: OptionValues) =>
  typeof values.reason === 'string' ? values.reason.trim() : undefined;

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

/** flag and keep: both ask for `flagged: true` with a required reason; `refuse` may stop one first. */
function flagging(
  name: string,
  summary: string,
  about: string,
  refuse?: (db: Db, id: number) => string | null,
): Command {
  return {
    name,
    summary,
    help: `Usage: npm run admin -- ${name} <id> --reason "<why>"
${about}
Options:
  --reason <text>   why, for the audit log (required)`,
    options: { reason: { type: 'string' } },
    positionals: [1, 1],
    needsExistingDatabase: true,
    run(db, { values, positionals: [value] }, io) {
      const reason = requiredOption(name, values, 'reason').trim();
      checkReason(name, reason);
      const refused = refuse?.(db, integerArgument(name, 'id', value, 1));
      if (refused) throw new UsageError(`${name}: ${refused}`);
      decide(name, db, value, { flagged: true, reason }, io);
    },
  };
}

export const flagCommand = flagging(
  'flag',
  'Flag a counted signature by hand: it leaves the count (audited)',
  '',
);

export const keepCommand = flagging(
  'keep',
  'Keep a flagged signature flagged after review (audited; it leaves the unreviewed pile)',
  '\nThe id is one flagged shows. Nothing is counted; the decision is audited as keep.\n',
  // Keeping a counted row would flag it: that is the flag command's act, with its own words.
  (db, id) =>
    db
      .prepare<[number], string | null>('SELECT flagged FROM signatures WHERE id = ?')
      .pluck()
      .get(id) === null
      ? `signature ${id} is counted, not flagged (see flag)`
      : null,
);
