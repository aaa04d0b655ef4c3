/** CLI commands for admin keys: make one (shown once), list them, revoke one. */
import { AdminKeyStore } from '../db/admin-keys.ts';
import type { Command } from './command.ts';
import { integerArgument, requiredOption, UsageError } from './command.ts';

export const createKeyCommand: Command = {
  name: 'create-key',
  summary: 'Make an admin API key (printed once, stored only as a hash)',
  help: `Usage: npm run admin -- create-key --label "<who or what uses it>"

Prints the key on stdout, once: it cannot be shown again. Use it as
Authorization: Bearer <key>.

Options:
  --label <text>   a name to tell keys apart in list-keys (required)`,
  options: { label: { type: 'string' } },
  positionals: [0, 0],
  run(db, { values }, io) {
    const label = requiredOption('create-key', values, 'label').trim();
    if (label.length > 100) {
      throw new UsageError('create-key: --label must be at most 100 characters');
    }
    const { id, key } = new AdminKeyStore(db).create(label);
    io.err.write(`Key ${id} (${label}) made; it is shown this once: keep it in a password manager.\n`);
    io.out(key);
  },
};

export const listKeysCommand: Command = {
  name: 'list-keys',
  summary: 'List admin keys: id, label, created, last used, revoked (never the keys)',
  help: 'Usage: npm run admin -- list-keys',
  options: {},
  positionals: [0, 0],
  run(db, _args, io) {
    const keys = new AdminKeyStore(db).list();
    if (!keys.length) io.out('No keys yet: make one with create-key.');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt}` : 'active';
      const used = key.lastUsedAt ?? 'never';
      io.out(`${key.id}\t${key.label}\tcreated ${key.createdAt}\tlast used ${used}\t${state}`);
    }
  },
};

export const revokeKeyCommand: Command = {
  name: 'revoke-key',
  summary: 'Revoke an admin key by id (it stops working at once)',
  help: 'Usage: npm run admin -- revoke-key <id>\n\nThe id is the one list-keys shows.',
  options: {},
  positionals: [1, 1],
  run(db, { positionals: [value] }, io) {
    const id = integerArgument('revoke-key', 'id', value, 1);
    const outcome = new AdminKeyStore(db).revoke(id);
    if (outcome === 'unknown') throw new UsageError(`revoke-key: no key ${id}`);
    io.out(outcome === 'revoked' ? `Key ${id} revoked.` : `Key ${id} was already revoked.`);
  },
};
