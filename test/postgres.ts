/**
 * A real PostgreSQL for the test run: Debian's `postgresql` package (installed with apt-get when
 * we are root, like the browsers), a throwaway cluster made with `initdb` in a temporary folder,
 * started with `pg_ctl` on a free loopback port and stopped at the end of the run.
 *
 * As root the cluster runs as the unprivileged `postgres` user (PostgreSQL refuses to run as
 * root), so its folder is made that user's. `npm test` calls this script:
 *   start      prints `PETITION_TEST_PG=<url>` and `PETITION_TEST_PG_DIR=<dir>`, or a line that
 *              says why PostgreSQL cannot be had (exit 3); PETITION_REQUIRE_POSTGRES=1 makes that
 *              fatal (exit 1), as CI sets it.
 *   stop <dir> stops the cluster and removes its folder.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { aptInstall } from './debian.ts';

const ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin folder, or null. */
export function findPostgres(): string | null {
  if (!fs.existsSync(ROOT)) return null;
  const versions = fs
    .readdirSync(ROOT)
    .filter((name) => fs.existsSync(path.join(ROOT, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(ROOT, versions[0], 'bin') : null;
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool as the user the cluster belongs to. */
function runTool(bin: string, tool: string, args: string[]): void {
  const command = path.join(bin, tool);
  if (asRoot)
    execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

/** A port nobody listens on now (loopback). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway cluster; returns its superuser URL and folder. */
export async function startCluster(bin: string): Promise<{ url: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-pg-'));
  if (asRoot) {
    // mkdtemp makes it 0700 root's: the postgres user must own it (initdb wants 0700 for itself).
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const data = path.join(dir, 'data');
  const user = asRoot ? 'postgres' : os.userInfo().username;
  runTool(bin, 'initdb', ['-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  // Durable as in production (fsync, synchronous_commit on); the socket lives in our folder.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  runTool(bin, 'pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'log'), '-w', 'start']);
  return { url: `postgres://${user}@127.0.0.1:${port}/postgres`, dir };
}

/** Stops a cluster started by startCluster and removes its folder. */
export function stopCluster(bin: string, dir: string): void {
  try {
    runTool(bin, 'pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [command, dir] = process.argv.slice(2);
  let bin = findPostgres();
  if (command === 'stop') {
    if (bin && dir) stopCluster(bin, dir);
    return;
  }
  if (!bin && aptInstall(['postgresql'])) bin = findPostgres();
  const required = process.env.PETITION_REQUIRE_POSTGRES === '1';
  const missing = (why: string) => {
    console.error(
      `PostgreSQL: ${why}. ${required ? 'PETITION_REQUIRE_POSTGRES=1: stopping.' : 'The server tests run on SQLite only.'} ` +
        'Install it (Debian/Ubuntu: sudo apt-get install postgresql) to test both engines.',
    );
    process.exit(required ? 1 : 3);
  };
  if (!bin) return missing('not installed');
  try {
    const cluster = await startCluster(bin);
    console.log(`PETITION_TEST_PG=${cluster.url}`);
    console.log(`PETITION_TEST_PG_DIR=${cluster.dir}`);
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    missing(`could not start a cluster (${stderr || (error as Error).message})`);
  }
}

if (process.argv[1]?.endsWith('postgres.ts')) await main();
