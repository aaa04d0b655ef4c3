/**
 * CLI commands for flag review: list a campaign's flagged signatures with their reasons (or only
 * the ones nobody has reviewed), count a flagged one, keep one flagged after review, flag a counted
 * one by hand, count a flag's rows in bulk. The same storage calls and audit as PATCH
 * /api/admin/signatures/{id} and POST .../flags/release, with `cli` as the actor; running servers
 * hear of the counter change as of an API change (open-storage.ts).
 */
import { BULK_RELEASABLE } from '../contract/admin.ts';
import type { FlagDecision } from '../storage/flag-decision.ts';
import type { Storage } from '../storage/storage.ts';
import type { Io, OptionValues, StorageCommand } from './command.ts';
import { integerArgument, named, requiredOption, UsageError } from './command.ts';

/** Rows a page while listing: the list holds no more than one page in memory. */
const PAGE = 1000;

export const listFlaggedCommand: StorageCommand = {
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
  async run(storage, { values, positionals: [slug] }, io) {
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`flagged: no campaign ${named(slug)}`);
    const unreviewed = values.unreviewed === true;
    const query = { flagged: true, limit: PAGE, ...(unreviewed && { reviewed: false }) };
    const byReason = new Map<string, number>();
    for (let after = 0; ; ) {
      const page = await storage.signaturePages.page(campaign.id, query, after);
      // The id, the times and the reason only: never the person's data the page holds.
      for (const row of page.data) {
        const reason = row.flagged ?? '';
        io.out(`${row.id}\t${row.createdAt}\t${reason}\t${row.reviewedAt ?? '-'}`);
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
      }
      if (page.nextCursor === null) break;
      after = page.data[page.data.length - 1].id;
    }
    const summary = [...byReason]
      .sort((a, b) => b[1] - a[1])
      .map(([reason, n]) => `${reason} ${n}`);
    io.err.write(
      `${slug}: ${summary.length ? summary.join(', ') : unreviewed ? 'nothing left to review' : 'nothing flagged'}\n`,
    );
  },
};

async function decide(
  name: string,
  storage: Storage,
  value: string,
  decision: FlagDecision,
  io: Io,
) {
  const id = integerArgument(name, 'id', value, 1);
  const outcome = await storage.decideFlag(id, decision, { kind: 'cli' });
  if (outcome.kind === 'unknown') throw new UsageError(`${name}: no signature ${id}`);
  if (outcome.kind === 'duplicate') {
    throw new UsageError(
      `${name}: the same person already has a counted signature in this campaign (id ${outcome.countedId}); ` +
        `${id} stays flagged`,
    );
  }
  if (decision.keep && outcome.flagged === null) {
    // Keeping a counted row would flag it: that is the flag command's act, with its own words.
    throw new UsageError(`${name}: signature ${id} is counted, not flagged (see flag)`);
  }
  const state = outcome.flagged === null ? 'counted' : `flagged (${outcome.flagged})`;
  const counter = storage.campaigns.byId(outcome.campaignId)?.signatures;
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

export const unflagCommand: StorageCommand = {
  name: 'unflag',
  summary: 'Count a flagged signature (audited; refused if that person is already counted)',
  help: `Usage: npm run admin -- unflag <id> [--reason "<why>"]

The id is the one flagged (or the admin API) shows. The counter moves in the same transaction.

Options:
  --reason <text>   why, for the audit log`,
  options: { reason: { type: 'string' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  async run(storage, { values, positionals: [value] }, io) {
    const reason = reasonOf(values);
    checkReason('unflag', reason);
    await decide('unflag', storage, value, { flagged: false, reason }, io);
  },
};

/** flag and keep: both ask for `flagged: true` with a required reason; keep only of a flagged row. */
function flagging(name: string, summary: string, about: string, keep: boolean): StorageCommand {
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
    async run(storage, { values, positionals: [value] }, io) {
      const reason = requiredOption(name, values, 'reason').trim();
      checkReason(name, reason);
      await decide(name, storage, value, { flagged: true, reason, keep }, io);
    },
  };
}

export const flagCommand = flagging(
  'flag',
  'Flag a counted signature by hand: it leaves the count (audited)',
  '',
  false,
);

export const keepCommand = flagging(
  'keep',
  'Keep a flagged signature flagged after review (audited; it leaves the unreviewed pile)',
  '\nThe id is one flagged shows. Nothing is counted; the decision is audited as keep.\n',
  true,
);

export const releaseFlaggedCommand: StorageCommand = {
  name: 'release-flagged',
  summary: `Count every unreviewed signature flagged ${BULK_RELEASABLE.join(' or ')} (audited)`,
  help: `Usage: npm run admin -- release-flagged <slug> --flag ${BULK_RELEASABLE.join('|')} [--reason "<why>"]

Counts each row of the campaign with that flag that nobody has reviewed yet, as unflag would, in id
order: audited one by one, a person counted already stays flagged. rate_overflow says nothing of
the client: an older version gave it to every new client while its rate window was full. Rows kept
flagged after review are left as decided; other flags are decided one by one (unflag, keep).

Options:
  --flag <flag>     the flag whose rows to count (required)
  --reason <text>   why, for the audit log`,
  options: { flag: { type: 'string' }, reason: { type: 'string' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  async run(storage, { values, positionals: [slug] }, io) {
    const flag = requiredOption('release-flagged', values, 'flag');
    if (!(BULK_RELEASABLE as readonly string[]).includes(flag)) {
      throw new UsageError(`release-flagged: --flag must be ${BULK_RELEASABLE.join(' or ')}`);
    }
    const reason = reasonOf(values);
    checkReason('release-flagged', reason);
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`release-flagged: no campaign ${named(slug)}`);
    const done = await storage.releaseFlagged(campaign.id, { flag, reason }, { kind: 'cli' });
    const counter = storage.campaigns.byId(campaign.id)?.signatures;
    io.out(
      `${done.released} signature(s) flagged ${flag} now counted, ${done.stillFlagged} left ` +
        `flagged (their person is counted already); ${counter} counted.`,
    );
  },
};
