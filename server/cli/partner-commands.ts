/**
 * CLI commands for a campaign's partners: add one from a JSON file, list them, remove one. They
 * go through the same validation and the same audited storage as the admin API; removing one
 * revokes its keys and deletes its hooks there too.
 */
import { createPartnerSchema } from '../partners/partner-contract.ts';
import { PartnerConflict } from '../storage/partner-storage.ts';
import type { Storage } from '../storage/storage.ts';
import type { StorageCommand } from './command.ts';
import { firstIssue, named, readJsonFile, UsageError } from './command.ts';

const CLI = { kind: 'cli' } as const;

/** The campaign and the engine's partners, or a UsageError when there is no such campaign. */
function partnersOf(storage: Storage, command: string, slug: string) {
  const campaign = storage.campaigns.get(slug);
  if (!campaign) throw new UsageError(`${command}: no campaign ${named(slug)}`);
  return { campaign, partners: storage.partners };
}

export const addPartnerCommand: StorageCommand = {
  name: 'add-partner',
  summary: 'Add a partner to a campaign from a JSON file (audited)',
  help: `Usage: npm run admin -- add-partner <campaign-slug> <partner.json>

The file holds {slug, name, privacyUrl, optInText: {en: "...", fr: "..."}}, as
POST /api/admin/campaigns/{slug}/partners takes it. Pages embedding the widget with
data-partner="<slug>" then show the partner's own opt-in, unticked, under the host's.`,
  options: {},
  positionals: [2, 2],
  needsExistingDatabase: true,
  async run(storage, { positionals: [slug, file] }, io) {
    const { campaign, partners } = partnersOf(storage, 'add-partner', slug);
    const parsed = createPartnerSchema.safeParse(readJsonFile('add-partner', file));
    if (!parsed.success) throw firstIssue('add-partner', parsed.error.issues);
    try {
      const partner = await partners.create(campaign.id, parsed.data, CLI);
      io.out(`Added partner ${partner.slug} (${partner.name}) to ${campaign.slug}.`);
    } catch (error) {
      if (error instanceof PartnerConflict)
        throw new UsageError(`add-partner: ${campaign.slug} has a partner with this slug`);
      throw error;
    }
  },
};

export const listPartnersCommand: StorageCommand = {
  name: 'list-partners',
  summary: "List a campaign's partners: slug, name, languages of the opt-in, privacy URL",
  help: 'Usage: npm run admin -- list-partners <campaign-slug>',
  options: {},
  positionals: [1, 1],
  needsExistingDatabase: true,
  async run(storage, { positionals: [slug] }, io) {
    const { campaign, partners } = partnersOf(storage, 'list-partners', slug);
    const list = await partners.list(campaign.id);
    if (!list.length) io.out(`No partners in ${campaign.slug}: add one with add-partner.`);
    for (const partner of list) {
      const languages = Object.keys(partner.optInText).join(',');
      io.out(`${partner.slug}\t${partner.name}\t${languages}\t${partner.privacyUrl}`);
    }
  },
};

export const removePartnerCommand: StorageCommand = {
  name: 'remove-partner',
  summary: 'Remove a partner from a campaign (audited; its keys are revoked)',
  help: `Usage: npm run admin -- remove-partner <campaign-slug> <partner-slug>

Signatures it brought keep the partner's slug as attribution and their consent receipts.`,
  options: {},
  positionals: [2, 2],
  needsExistingDatabase: true,
  async run(storage, { positionals: [slug, partnerSlug] }, io) {
    const { campaign, partners } = partnersOf(storage, 'remove-partner', slug);
    const partner = await partners.remove(campaign.id, partnerSlug, CLI);
    if (!partner) {
      throw new UsageError(`remove-partner: ${campaign.slug} has no partner ${named(partnerSlug)}`);
    }
    io.out(`Removed partner ${partner.slug} from ${campaign.slug}.`);
  },
};
