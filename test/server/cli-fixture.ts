/**
 * The admin CLI, spawned beside a test app on either engine: its production bundle
 * (server/dist/admin.js, built with the server before the server tests), the code `npm run admin`
 * runs from source. A command then starts on a quarter of the CPU tsx takes to compile the
 * server's sources at each start (0.26 s against 0.97 s measured), which is most of a CLI test.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CLI_BUNDLE } from '../fixtures/spawn-server.ts';
import type { TestApp } from './engine-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** What a CLI run answered. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The settings that name a database, as the server and the CLI read them. */
export type Database = { DATABASE_PATH: string } | { DATABASE_URL: string };

/**
 * The settings a test app runs with, for the CLI beside it: its database, and on PostgreSQL its
 * PETITION_SECRET (on SQLite the secret is the file beside the database).
 */
export function databaseOf(app: Pick<TestApp, 'engine' | 'location' | 'secret'>) {
  return app.engine === 'sqlite'
    ? { DATABASE_PATH: app.location }
    : { DATABASE_URL: app.location, PETITION_SECRET: app.secret.toString('utf8') };
}

/** Runs the CLI with `settings`; never rejects, answers the exit code and both streams. */
export async function cli(
  settings: Database & { PETITION_SECRET?: string; PETITION_OLD_SECRET?: string },
  ...args: string[]
): Promise<CliResult> {
  // The test's own environment may name another database or secret: only `settings` counts.
  const {
    DATABASE_URL: _url,
    DATABASE_PATH: _path,
    PETITION_SECRET: _secret,
    PETITION_OLD_SECRET: _old,
    ...env
  } = process.env;
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI_BUNDLE, ...args], {
      cwd: ROOT,
      env: { ...env, ...settings },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
