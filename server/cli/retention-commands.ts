/**
 * The CLI command for retention after delivery: how long a campaign's personal data is kept after
 * it closes, through the same validation and audited path as the admin API.
 */
import { patchCampaignSchema } from '../campaigns/admin-contract.ts';
import { patchCampaign } from '../campaigns/admin-campaigns.ts';
import { eraseAt } from '../campaigns/retention.ts';
import type { StorageCommand } from './command.ts';
import { firstIssue, integerArgument, named, UsageError } from './command.ts';

const CLI = { kind: 'cli' } as const;

export const setRetentionCommand: StorageCommand = {
  name: 'set-retention',
  summary: "Keep a campaign's personal data N days after it closes, then erase it (or none)",
  help: `Usage: npm run admin -- set-retention <slug> <days|none>

days (1 to 3650): once the campaign has been closed this many days, the server erases its signers'
names, emails and cities (the counts, the statistics by day and place, and the audit log stay),
records the erasure in the audit log, and warns in the console 14 days before. none: the data is
kept until erased by hand. Prints when the erasure is due if the campaign is closed.`,
  options: {},
  positionals: [2, 2],
  async run(storage, { positionals: [slug, value] }, io) {
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`set-retention: no campaign ${named(slug)}`);
    const retainDays = value === 'none' ? null : integerArgument('set-retention', 'days', value, 1);
    const parsed = patchCampaignSchema.safeParse({ retainDays });
    if (!parsed.success) throw firstIssue('set-retention', parsed.error.issues);
    const after = await patchCampaign(storage.campaigns, campaign, parsed.data, CLI);
    const due = eraseAt(after);
    const when = due === null ? '' : ` (erasure due ${new Date(due).toISOString()})`;
    io.out(`Retention of ${slug}: ${after.retainDays ?? 'none'} days after closing${when}.`);
  },
};
