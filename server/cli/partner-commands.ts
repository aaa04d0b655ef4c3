/**
 * CLI commands for a campaign's partners: add one from a JSON file, list them, remove one. They
 * go through the same validation and the same audited store as the admin API.
 */
import { AuditLog } from '../storage/sqlite/admin-audit.ts';
import type { Campaign } from '../storage/sqlite/campaigns.ts';
import { CampaignStore } from '../storage/sqlite/campaigns.ts';
import type { Db } from '../storage/sqlite/open.ts';
import { createPartnerSchema } from '../partners/partner-contract.ts';
import { PartnerConflict, PartnerStore } from '../partners/partner-store.ts';
import { WebhookStore } from '../storage/sqlite/webhook-store.ts';
import type { Command } from './command.ts';
import { firstIssue, readJsonFile, UsageError } from './command.ts';

const CLI = { kind: 'cli' } as const;

function campaignOf(db: Db, command: string, slug: string): Campaign {
  const campaign = new CampaignStore(db).get(slug);
  if (!campaign) throw new UsageError(`${command}: no campaign "${slug.slice(0, 64)}"`);
  return campaign;
}

export const addPartnerCommand: Command = {
  name: 'add-partner',
  summary: 'Add a partner to a campaign from a JSON file (audited)',
  help: `Usage: npm run admin -- add-partner <campaign-slug> <partner.json>

The file holds {slug, name, privacyUrl, optInText: {en: "...", fr: "..."}}, as
POST /api/admin/campaigns/{slug}/partners takes it. Pages embedding the widget with
data-partner="<slug>" then show the partner's own opt-in, unticked, under the host's.`,
  options: {},
  positionals: [2, 2],
  needsExistingDatabase: true,
  run(db, { positionals: [slug, file] }, io) {
    const campaign = campaignOf(db, 'add-partner', slug);
    const parsed = createPartnerSchema.safeParse(readJsonFile('add-partner', file));
    if (!parsed.success) throw firstIssue('add-partner', parsed.error.issues);
    try {
      const partner = new PartnerStore(db, new AuditLog(db)).create(campaign.id, parsed.data, CLI);
      io.out(`Added partner ${partner.slug} (${partner.name}) to ${campaign.slug}.`);
    } catch (error) {
      if (error instanceof PartnerConflict)
        throw new UsageError(`add-partner: ${slug} has a partner with this slug`);
      throw error;
    }
  },
};

export const listPartnersCommand: Command = {
  name: 'list-partners',
  summary: "List a campaign's partners: slug, name, languages of the opt-in, privacy URL",
  help: 'Usage: npm run admin -- list-partners <campaign-slug>',
  options: {},
  positionals: [1, 1],
  needsExistingDatabase: true,
  run(db, { positionals: [slug] }, io) {
    const campaign = campaignOf(db, 'list-partners', slug);
    const partners = new PartnerStore(db, new AuditLog(db)).list(campaign.id);
    if (!partners.length) io.out(`No partners in ${campaign.slug}: add one with add-partner.`);
    for (const partner of partners) {
      const languages = Object.keys(partner.optInText).join(',');
      io.out(`${partner.slug}\t${partner.name}\t${languages}\t${partner.privacyUrl}`);
    }
  },
};

export const removePartnerCommand: Command = {
  name: 'remove-partner',
  summary: 'Remove a partner from a campaign (audited; its keys are revoked)',
  help: `Usage: npm run admin -- remove-partner <campaign-slug> <partner-slug>

Signatures it brought keep the partner's slug as attribution and their consent receipts.`,
  options: {},
  positionals: [2, 2],
  needsExistingDatabase: true,
  run(db, { positionals: [slug, partnerSlug] }, io) {
    const campaign = campaignOf(db, 'remove-partner', slug);
    const store = new PartnerStore(db, new AuditLog(db));
    const partner = store.get(campaign.id, partnerSlug);
    if (!partner)
      throw new UsageError(
        `remove-partner: ${campaign.slug} has no partner "${partnerSlug.slice(0, 64)}"`,
      );
    // Its hooks go with it, as when the API removes it.
    const hooks = new WebhookStore(db);
    store.onRemove((removed) => hooks.removeForPartner(removed.campaignId, removed.slug));
    store.remove(partner, CLI);
    io.out(`Removed partner ${partner.slug} from ${campaign.slug}.`);
  },
};
