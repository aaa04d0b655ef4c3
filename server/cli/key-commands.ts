/** CLI commands for admin keys: make one (shown once), list them, revoke one. */
import type { PartnerScope } from '../storage/actor.ts';
import type { StorageCommand } from './command.ts';
import { integerArgument, named, requiredOption, UsageError } from './command.ts';

export const createKeyCommand: StorageCommand = {
  name: 'create-key',
  summary: 'Make an admin API key (printed once, stored only as a hash)',
  help: `Usage: npm run admin -- create-key --label "<who or what uses it>" [--campaign <slug> --partner <slug>]

Prints the key on stdout, once: it cannot be shown again. Use it as
Authorization: Bearer <key>. With --campaign and --partner, a partner key: it reads only that
campaign, that partner's statistics and the signatures that partner brought that opted in to it.

Options:
  --label <text>      a name to tell keys apart in list-keys (required)
  --campaign <slug>   the campaign of a partner key (with --partner)
  --partner <slug>    the partner of a partner key (with --campaign)`,
  options: { label: { type: 'string' }, campaign: { type: 'string' }, partner: { type: 'string' } },
  positionals: [0, 0],
  async run(storage, { values }, io) {
    const label = requiredOption('create-key', values, 'label').trim();
    if (label.length > 100) {
      throw new UsageError('create-key: --label must be at most 100 characters');
    }
    const { campaign: slug, partner } = values as { campaign?: string; partner?: string };
    if ((slug === undefined) !== (partner === undefined)) {
      throw new UsageError('create-key: --campaign and --partner go together');
    }
    let scope: PartnerScope | null = null;
    if (slug !== undefined && partner !== undefined) {
      const campaign = storage.campaigns.get(slug);
      if (!campaign) throw new UsageError(`create-key: no campaign ${named(slug)}`);
      if (!(await storage.partners.get(campaign.id, partner))) {
        throw new UsageError(`create-key: ${campaign.slug} has no partner ${named(partner)}`);
      }
      scope = { campaignId: campaign.id, partner };
    }
    const { id, key } = await storage.keys.create(label, scope);
    io.err.write(
      `Key ${id} (${label}) made; it is shown this once: keep it in a password manager.\n`,
    );
    io.out(key);
  },
};

export const listKeysCommand: StorageCommand = {
  name: 'list-keys',
  summary: 'List admin keys: id, label, created, last used, revoked (never the keys)',
  help: 'Usage: npm run admin -- list-keys',
  options: {},
  positionals: [0, 0],
  async run(storage, _args, io) {
    const keys = await storage.keys.list();
    if (!keys.length) io.out('No keys yet: make one with create-key.');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
      const used = key.lastUsedAt ?? 'never';
      const scope = key.scope
        ? `\tpartner ${key.scope.partner} of campaign ${key.scope.campaignId}`
        : '';
      io.out(
        `${key.id}\t${key.label}\tcreated ${key.createdAt}\tlast used ${used}\t${state}${scope}`,
      );
    }
  },
};

export const revokeKeyCommand: StorageCommand = {
  name: 'revoke-key',
  summary: 'Revoke an admin key by id (it stops working at once, and so do its webhooks)',
  help: `Usage: npm run admin -- revoke-key <id>

The id is the one list-keys shows. The webhooks the key made are stopped with it (reason "key
revoked") and listed; they are never sent to again. Revoking a key that was already revoked stops
any of its webhooks still running.`,
  options: {},
  positionals: [1, 1],
  async run(storage, { positionals: [value] }, io) {
    const id = integerArgument('revoke-key', 'id', value, 1);
    const { outcome, disabledWebhooks } = await storage.keys.revoke(id);
    if (outcome === 'unknown') throw new UsageError(`revoke-key: no key ${id}`);
    io.out(outcome === 'revoked' ? `Key ${id} revoked.` : `Key ${id} was already revoked.`);
    if (disabledWebhooks.length) {
      io.out(`Its webhooks stopped with it (${disabledWebhooks.length}):`);
      for (const hook of disabledWebhooks) io.out(`${hook.id}\t${hook.url}`);
    }
  },
};
