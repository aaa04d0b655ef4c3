/**
 * What every admin CLI command is made of, and the one way a command refuses its arguments: a
 * UsageError, printed as one line with exit code 2 (a script can tell "you called me wrong" from
 * "something broke", which exits 1).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import type { Settings } from '../config/settings.ts';
import type { Storage } from '../storage/storage.ts';

/** A wrong argument: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/** Where a command writes: stdout for results, stderr for progress and messages. */
export interface Io {
  out: (line: string) => void;
  err: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Option values (by name) and positional arguments, as parseArgs gives them. */
export type OptionValues = Record<string, string | boolean | undefined>;
export interface CommandArgs {
  values: OptionValues;
  positionals: string[];
}

/** Where the settings point: the SQLite file, or PostgreSQL (DATABASE_URL). */
export type Target = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

interface CommandBase {
  name: string;
  summary: string;
  /** The usage line and option list, printed by `--help`. */
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments it takes. */
  positionals: [min: number, max: number];
  /** Whether a missing SQLite file is an error (reading commands) or may be created. */
  needsExistingDatabase?: boolean;
}

/**
 * A command over the storage interface: the same code on either engine. `settings`: the
 * environment's, as the server reads them (DATABASE_URL or DATABASE_PATH, PETITION_SECRET).
 */
export interface StorageCommand extends CommandBase {
  run: (storage: Storage, args: CommandArgs, io: Io, settings: Settings) => Promise<void>;
}

/**
 * A command that is one engine's own job (a SQLite backup, rehashing under a new secret): it opens
 * what it needs itself, and says clearly when the engine in use has no such job.
 */
export interface EngineCommand extends CommandBase {
  runOn: (target: Target, args: CommandArgs, io: Io, settings: Settings) => Promise<void>;
}

/** One command. */
export type Command = StorageCommand | EngineCommand;

/** Parses a command's arguments, or throws a UsageError naming what is wrong. */
export function parseCommandArgs(command: Command, argv: string[]) {
  let parsed;
  try {
    const { options } = command;
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    // node's messages are long and multi-line; the first sentence says it.
    const first = (error as Error).message.split('\n')[0].replace(/\. To specify.*$/, '');
    throw new UsageError(`${command.name}: ${first} (see ${command.name} --help)`);
  }
  const [min, max] = command.positionals;
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    const wanted = min === max ? `${min}` : `${min} to ${max}`;
    const plural = max === 1 ? '' : 's';
    throw new UsageError(
      `${command.name}: expected ${wanted} argument${plural}, got ${count} (see ${command.name} --help)`,
    );
  }
  return parsed as CommandArgs;
}

/** A required string option, or a UsageError. */
export function requiredOption(command: string, values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new UsageError(`${command}: --${name} is required (see ${command} --help)`);
  }
  return value;
}

/** A positive integer argument, or a UsageError. */
export function integerArgument(command: string, name: string, value: string, min = 0): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) < min) {
    const floor = min ? ` of at least ${min}` : '';
    throw new UsageError(`${command}: ${name} must be a whole number${floor}`);
  }
  return Number(value);
}

/** The first problem zod found, as "field: message", without the value. */
export function firstIssue(
  command: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
) {
  const issue = issues[0];
  const where = issue.path.length ? issue.path.map(String).join('.') : 'the JSON';
  return new UsageError(`${command}: ${where} is not valid (${issue.message.toLowerCase()})`);
}

/** A JSON file named on the command line, parsed, or a UsageError saying why not. */
export function readJsonFile(command: string, file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UsageError(
      `${command}: cannot read ${file}: ${missing ? 'no such file' : 'not valid JSON'}`,
    );
  }
}

/**
 * An argument named back in a message: a slug as typed, anything else not at all (what was typed
 * where a slug belongs may be an email, and messages end up in terminals' scrollback and logs).
 */
export function named(value: string): string {
  return /^[a-z0-9][a-z0-9-]{0,63}$/.test(value) ? `"${value}"` : 'by that name';
}
