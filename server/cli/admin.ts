/**
 * `npm run admin -- <command>`: the jobs campaign admins do from a terminal, on the database the
 * server's own settings name: PostgreSQL at DATABASE_URL, else the SQLite file at DATABASE_PATH
 * (open-storage.ts). Safe beside running servers: a change reaches them as an API change does.
 *
 * Exit codes: 0 done, 2 called wrong (one line on stderr says how), 1 something else failed.
 */
import { parseSettings } from '../config/settings.ts';
import {
  createCampaignCommand,
  goalsCommand,
  setGoalCommand,
  setOffsetCommand,
  setVerificationCommand,
} from './campaign-commands.ts';
import { setRetentionCommand } from './retention-commands.ts';
import type { Command, Io } from './command.ts';
import { named, parseCommandArgs, UsageError } from './command.ts';
import { backupCommand, eraseCommand, exportCommand } from './data-commands.ts';
import { deliveryPackCommand } from './delivery-command.ts';
import { checkExists, openStorage, targetOf } from './open-storage.ts';
import {
  flagCommand,
  keepCommand,
  listFlaggedCommand,
  releaseFlaggedCommand,
  unflagCommand,
} from './flag-commands.ts';
import { rotateSecretCommand } from './secret-commands.ts';
import { createKeyCommand, listKeysCommand, revokeKeyCommand } from './key-commands.ts';
import {
  addPartnerCommand,
  listPartnersCommand,
  removePartnerCommand,
} from './partner-commands.ts';

const COMMANDS: readonly Command[] = [
  createCampaignCommand,
  setOffsetCommand,
  setVerificationCommand,
  setGoalCommand,
  goalsCommand,
  setRetentionCommand,
  addPartnerCommand,
  listPartnersCommand,
  removePartnerCommand,
  createKeyCommand,
  listKeysCommand,
  revokeKeyCommand,
  exportCommand,
  deliveryPackCommand,
  eraseCommand,
  backupCommand,
  listFlaggedCommand,
  unflagCommand,
  flagCommand,
  keepCommand,
  releaseFlaggedCommand,
  rotateSecretCommand,
];

const OVERVIEW = `Usage: npm run admin -- <command> [arguments] [--help]

Works on the database the server uses: PostgreSQL when DATABASE_URL is set, else the SQLite file
at DATABASE_PATH (default ./data/petitions.db).

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(16)} ${command.summary}`).join('\n')}

Run a command with --help for its arguments.`;

/** Runs the CLI; resolves to the exit code. */
export async function main(
  argv: string[],
  env: Record<string, string | undefined>,
  io: Io,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(OVERVIEW);
    return 0;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  try {
    if (name === undefined)
      throw new UsageError('Name a command: npm run admin -- --help lists them.');
    if (!command) {
      throw new UsageError(`Unknown command ${named(name)}: npm run admin -- --help lists them.`);
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(command.help);
      return 0;
    }
    const args = parseCommandArgs(command, rest);
    const settings = parseSettings(env);
    if ('error' in settings) throw new UsageError(settings.error);
    const target = targetOf(settings);
    checkExists(command, target);
    if ('runOn' in command) {
      await command.runOn(target, args, io, settings);
      return 0;
    }
    const storage = await openStorage(target, settings);
    try {
      await command.run(storage, args, io, settings);
    } finally {
      await storage.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err.write(`${error.message}\n`);
      return 2;
    }
    // An unexpected failure: its kind and message (ours, or the engine's), never a row's data.
    io.err.write(`${command?.name ?? 'admin'} failed: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const io: Io = { out: (line) => console.log(line), err: process.stderr };
  process.exitCode = await main(process.argv.slice(2), process.env, io);
}
