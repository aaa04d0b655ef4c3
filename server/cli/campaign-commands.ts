/**
 * CLI commands for campaigns: create one from a JSON file, set the offset with a reason, choose how
 * signatures are verified, set the goal and list the goals reached. They go through the same
 * validation and the same audited path as the admin API.
 */
import { createCampaignSchema, patchCampaignSchema } from '../campaigns/admin-contract.ts';
import { CampaignConflict, createCampaign, patchCampaign } from '../campaigns/admin-campaigns.ts';
import { counterOf } from '../campaigns/campaign.ts';
import type { StorageCommand } from './command.ts';
import {
  firstIssue,
  integerArgument,
  named,
  readJsonFile,
  requiredOption,
  UsageError,
} from './command.ts';

const CLI = { kind: 'cli' } as const;

export const createCampaignCommand: StorageCommand = {
  name: 'create-campaign',
  summary: 'Create a campaign from a JSON file (the body of POST /api/admin/campaigns)',
  help: `Usage: npm run admin -- create-campaign <campaign.json>

The file holds {slug, target, defaultLang, texts: {en: {...}}, status?, fields?, allowedOrigins?,
goal?, offset?, offsetReason?, verification?, senderName?}, as the API takes it (see /api/docs).
The campaign is a draft unless status says otherwise, and asks supporters to confirm by email
unless verification is "none". Prints the new campaign's id and slug.`,
  options: {},
  positionals: [1, 1],
  async run(storage, { positionals: [file] }, io) {
    const input = readJsonFile('create-campaign', file);
    const parsed = createCampaignSchema.safeParse(input);
    if (!parsed.success) throw firstIssue('create-campaign', parsed.error.issues);
    try {
      const campaign = await createCampaign(storage.campaigns, parsed.data, CLI);
      io.out(`Created campaign ${campaign.slug} (id ${campaign.id}, ${campaign.status}).`);
    } catch (error) {
      if (error instanceof CampaignConflict) {
        throw new UsageError(`create-campaign: ${error.message}`);
      }
      throw error;
    }
  },
};

export const setOffsetCommand: StorageCommand = {
  name: 'set-offset',
  summary: 'Set the counter offset of a campaign, with the reason (audited)',
  help: `Usage: npm run admin -- set-offset <slug> <offset> --reason "<why>"

The offset is added to the signatures in the public counter (paper signatures, a merged petition).
The old and new values, the reason and the time are written to the campaign's audit trail.

Options:
  --reason <text>   why the offset changes (required)`,
  options: { reason: { type: 'string' } },
  positionals: [2, 2],
  async run(storage, { values, positionals: [slug, value] }, io) {
    const reason = requiredOption('set-offset', values, 'reason');
    const offset = integerArgument('set-offset', 'offset', value);
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`set-offset: no campaign ${named(slug)}`);
    const parsed = patchCampaignSchema.safeParse({ offset, offsetReason: reason });
    if (!parsed.success) throw firstIssue('set-offset', parsed.error.issues);
    const before = campaign.offset;
    const after = await patchCampaign(storage.campaigns, campaign, parsed.data, CLI);
    const total = after.signatures + after.offset;
    io.out(`Offset of ${slug}: ${before} -> ${after.offset} (counter total ${total}).`);
  },
};

export const setVerificationCommand: StorageCommand = {
  name: 'set-verification',
  summary: 'Choose how a campaign verifies signatures: email (confirmed by a mailed link) or none',
  help: `Usage: npm run admin -- set-verification <slug> <email|none>

email: each new signature waits, uncounted, until the supporter follows the link mailed to them
(the server needs PETITION_SMTP_URL and PETITION_MAIL_FROM, see server/README.md). none: each new
signature counts at once. Signatures already made keep their state: a pending one can still be
confirmed, and is deleted after PETITION_CONFIRM_KEEP_DAYS if it is not.`,
  options: {},
  positionals: [2, 2],
  async run(storage, { positionals: [slug, value] }, io) {
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`set-verification: no campaign ${named(slug)}`);
    const parsed = patchCampaignSchema.safeParse({ verification: value });
    if (!parsed.success) throw firstIssue('set-verification', parsed.error.issues);
    const after = await patchCampaign(storage.campaigns, campaign, parsed.data, CLI);
    io.out(`Verification of ${slug}: ${campaign.verification} -> ${after.verification}.`);
  },
};

export const setGoalCommand: StorageCommand = {
  name: 'set-goal',
  summary: 'Set the goal of a campaign: a number, none, or auto (the next step above the total)',
  help: `Usage: npm run admin -- set-goal <slug> <goal | none | auto> [--steps 500,1000,5000]

A number fixes the goal; none draws no goal bar; auto moves the goal to the next step above the
total, so the bar is never full: the steps given with --steps, then (and without --steps) 100,
250, 500, 1000, 2500, ... (1, 2.5 and 5 in each decade). Prints the goal that applies now.

Options:
  --steps <list>    auto's own steps, comma-separated whole numbers (default: the ladder above)`,
  options: { steps: { type: 'string' } },
  positionals: [2, 2],
  async run(storage, { values, positionals: [slug, value] }, io) {
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`set-goal: no campaign ${named(slug)}`);
    const steps = typeof values.steps === 'string' ? values.steps.split(',') : null;
    if (steps && value !== 'auto') throw new UsageError('set-goal: --steps goes with auto');
    const body =
      value === 'auto'
        ? {
            goalMode: 'auto',
            goalSteps:
              steps?.map((step) => integerArgument('set-goal', 'a step', step.trim(), 1)) ?? null,
          }
        : {
            goalMode: 'fixed',
            goal: value === 'none' ? null : integerArgument('set-goal', 'goal', value, 1),
          };
    const parsed = patchCampaignSchema.safeParse(body);
    if (!parsed.success) throw firstIssue('set-goal', parsed.error.issues);
    const after = await patchCampaign(storage.campaigns, campaign, parsed.data, CLI);
    const { goal, total } = counterOf(after);
    const now = goal === null ? 'no goal' : `goal ${goal}`;
    io.out(`Goal of ${slug}: ${after.goalMode}, ${now} at a total of ${total}.`);
  },
};

export const goalsCommand: StorageCommand = {
  name: 'goals',
  summary: 'List the goals a campaign has reached, with when',
  help: `Usage: npm run admin -- goals <slug>

One line a goal reached, lowest first: the goal, the total that reached it, and when it was
first reached (UTC).`,
  options: {},
  positionals: [1, 1],
  needsExistingDatabase: true,
  async run(storage, { positionals: [slug] }, io) {
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`goals: no campaign ${named(slug)}`);
    const reached = await storage.goalHistory(campaign.id);
    if (!reached.length) io.out(`${slug} has reached no goal yet.`);
    for (const { goal, total, reachedAt } of reached)
      io.out(`${goal}\treached ${reachedAt} (total ${total})`);
  },
};
