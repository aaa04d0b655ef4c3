/**
 * CLI commands for campaigns: create one from a JSON file, set the offset with a reason. They go
 * through the same validation and the same audited path as the admin API.
 */
import { createCampaignSchema, patchCampaignSchema } from '../contract/admin.ts';
import { AuditLog } from '../storage/sqlite/admin-audit.ts';
import {
  CampaignConflict,
  createCampaign,
  patchCampaign,
} from '../storage/sqlite/admin-campaigns.ts';
import { CampaignStore } from '../storage/sqlite/campaigns.ts';
import { SqliteCampaigns } from '../storage/sqlite/campaign-storage.ts';
import { WebhookOutbox } from '../storage/sqlite/webhook-outbox.ts';
import { WebhookStore } from '../storage/sqlite/webhook-store.ts';
import type { Command } from './command.ts';
import {
  firstIssue,
  integerArgument,
  readJsonFile,
  requiredOption,
  UsageError,
} from './command.ts';

const CLI = { kind: 'cli' } as const;

export const createCampaignCommand: Command = {
  name: 'create-campaign',
  summary: 'Create a campaign from a JSON file (the body of POST /api/admin/campaigns)',
  help: `Usage: npm run admin -- create-campaign <campaign.json>

The file holds {slug, target, defaultLang, texts: {en: {...}}, status?, fields?, allowedOrigins?,
goal?, offset?, offsetReason?}, as the API takes it (see /api/docs). The campaign is a draft unless
status says otherwise. Prints the new campaign's id and slug.`,
  options: {},
  positionals: [1, 1],
  async run(db, { positionals: [file] }, io) {
    const input = readJsonFile('create-campaign', file);
    const parsed = createCampaignSchema.safeParse(input);
    if (!parsed.success) throw firstIssue('create-campaign', parsed.error.issues);
    try {
      const campaigns = new SqliteCampaigns(new CampaignStore(db), new AuditLog(db));
      const campaign = await createCampaign(campaigns, parsed.data, CLI);
      io.out(`Created campaign ${campaign.slug} (id ${campaign.id}, ${campaign.status}).`);
    } catch (error) {
      if (error instanceof CampaignConflict) {
        throw new UsageError(`create-campaign: ${error.message}`);
      }
      throw error;
    }
  },
};

export const setOffsetCommand: Command = {
  name: 'set-offset',
  summary: 'Set the counter offset of a campaign, with the reason (audited)',
  help: `Usage: npm run admin -- set-offset <slug> <offset> --reason "<why>"

The offset is added to the signatures in the public counter (paper signatures, a merged petition).
The old and new values, the reason and the time are written to the campaign's audit trail.

Options:
  --reason <text>   why the offset changes (required)`,
  options: { reason: { type: 'string' } },
  positionals: [2, 2],
  async run(db, { values, positionals: [slug, value] }, io) {
    const reason = requiredOption('set-offset', values, 'reason');
    const offset = integerArgument('set-offset', 'offset', value);
    const campaigns = new CampaignStore(db);
    const campaign = campaigns.get(slug);
    if (!campaign) throw new UsageError(`set-offset: no campaign "${slug}"`);
    const parsed = patchCampaignSchema.safeParse({ offset, offsetReason: reason });
    if (!parsed.success) throw firstIssue('set-offset', parsed.error.issues);
    const before = campaign.offset;
    // The running server's hooks hear of it as they would of an API change.
    const outbox = new WebhookOutbox(db, new WebhookStore(db), campaigns);
    const storage = new SqliteCampaigns(campaigns, new AuditLog(db), (changed) =>
      outbox.campaignUpdated(changed),
    );
    const after = await patchCampaign(storage, campaign, parsed.data, CLI);
    const total = after.signatures + after.offset;
    io.out(`Offset of ${slug}: ${before} -> ${after.offset} (counter total ${total}).`);
  },
};
