/**
 * The crash test: signatures driven at the real server while it is killed with SIGKILL at random
 * moments and restarted, every request carrying an Idempotency-Key and retried with it until it
 * gets an answer. Every email is new, so every request's final answer must be `201`: a retry
 * whose first answer was lost in a kill gets the replay of that `201` (a `200 already_signed`
 * means the key was not honoured). Then the promises are checked against the database file
 * itself: every acknowledged signature is there, nobody is counted twice, the counter equals the
 * unflagged rows, and the file passes `PRAGMA integrity_check`. An online backup taken during the
 * load must restore to a working database. The server is the production bundle.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import { CLI_BUNDLE, spawnServer } from '../fixtures/spawn-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { crashSignature, random, trySign } from './crash-client.ts';
import { waitFor } from '../wait-for.ts';

/** How hard to push. */
export interface CrashOptions {
  kills: number;
  clients: number;
  /** Signatures each client makes. */
  perClient: number;
  seed?: number;
}

/** What the run saw and what the database holds. */
export interface CrashReport {
  requests: number;
  acknowledged: number;
  /** Requests whose final answer was not 201 (a 200 for a new email: a retry not replayed). */
  not201: number;
  kills: number;
  lost: number;
  duplicates: number;
  counter: number;
  unflaggedRows: number;
  integrity: string;
  backupRows: number;
  backupIntegrity: string;
  backupCounterMatches: boolean;
  seconds: number;
}

const run = promisify(execFile);
/** A client's or the killer's pause: load and kills at random moments (seeded). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the crash test; resolves with the figures (it does not judge them). */
export async function runCrashTest(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const rand = random(options.seed ?? 20261128);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-crash-'));
  const file = path.join(dir, 'crash.db');
  const backupFile = path.join(dir, 'backup.db');
  const env = {
    PORT: '0',
    DATABASE_PATH: file,
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
    PETITION_LOG: 'off',
  };
  let server: ServerChild = await spawnServer(env);
  const port = new URL(server.url).port;
  let url = server.url;
  let requests = 0;
  const acknowledged = new Set<string>();
  let not201 = 0;
  let backup = null as Promise<unknown> | null;

  async function client(index: number) {
    for (let n = 0; n < options.perClient; n++) {
      const { email, body } = crashSignature(index, n);
      const key = `crash-${index}-${n}-${Math.floor(rand() * 1e9)}`;
      for (;;) {
        requests++;
        const status = await trySign(url, body, key);
        if (status) {
          acknowledged.add(email);
          if (status !== 201) not201++;
          break;
        }
        // No answer (the server died, or is starting): retry with the same key.
        await sleep(20 + rand() * 80);
      }
    }
  }

  // Kill i falls at a random point inside the i-th slice of the work, so every kill lands while
  // requests are in flight, however fast the server is.
  const total = options.clients * options.perClient;
  async function killer() {
    let kills = 0;
    while (kills < options.kills) {
      const threshold = Math.floor((total * (kills + 0.2 + rand() * 0.7)) / (options.kills + 1));
      await waitFor(() => acknowledged.size >= threshold, `${threshold} acknowledged`, {
        timeout: 120_000,
        every: 2,
      });
      if (!backup && kills === Math.floor(options.kills / 2)) {
        // An online backup with the admin CLI (SQLite's backup API) while the server takes
        // signatures; not awaited here, so the load and the kills go on around it.
        backup = run(process.execPath, [CLI_BUNDLE, 'backup', backupFile], {
          env: { ...process.env, DATABASE_PATH: file },
        });
      }
      server.child.kill('SIGKILL');
      await new Promise((resolve) => server.child.once('exit', resolve));
      kills++;
      server = await spawnServer({ ...env, PORT: port });
      url = server.url;
    }
    return kills;
  }

  const clients = Array.from({ length: options.clients }, (_, index) => client(index));
  const killing = killer();
  const kills = await killing;
  await Promise.all(clients);
  const backupTaken = (await backup?.then(() => true)) ?? false;
  // The last word is a kill too: nothing may depend on a clean shutdown.
  server.child.kill('SIGKILL');
  await new Promise((resolve) => server.child.once('exit', resolve));

  const db = new Database(file);
  const stored = new Set(
    (
      db.prepare('SELECT email FROM signatures WHERE flagged IS NULL').all() as { email: string }[]
    ).map((row) => row.email),
  );
  const lost = [...acknowledged].filter((email) => !stored.has(email)).length;
  const duplicates = (
    db
      .prepare(
        'SELECT COUNT(*) AS n FROM (SELECT email FROM signatures GROUP BY email HAVING COUNT(*) > 1)',
      )
      .get() as { n: number }
  ).n;
  const counter = (
    db.prepare("SELECT signature_count AS n FROM campaigns WHERE slug = 'el-salvador'").get() as {
      n: number;
    }
  ).n;
  const unflaggedRows = stored.size;
  const integrity = db.pragma('integrity_check', { simple: true }) as string;
  db.close();

  let backupRows = 0;
  let backupIntegrity = 'no backup';
  let backupCounterMatches = false;
  if (backupTaken) {
    const restored = openDatabase(backupFile);
    backupIntegrity = restored.pragma('integrity_check', { simple: true }) as string;
    backupRows = (
      restored.prepare('SELECT COUNT(*) AS n FROM signatures WHERE flagged IS NULL').get() as {
        n: number;
      }
    ).n;
    backupCounterMatches =
      new CampaignStore(restored).get('el-salvador')?.signatures === backupRows;
    restored.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    requests,
    acknowledged: acknowledged.size,
    not201,
    kills,
    lost,
    duplicates,
    counter,
    unflaggedRows,
    integrity,
    backupRows,
    backupIntegrity,
    backupCounterMatches,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

if (process.argv[1]?.endsWith('crash-run.ts')) {
  const long = process.argv.includes('--long');
  const report = await runCrashTest(
    long ? { kills: 25, clients: 48, perClient: 120 } : { kills: 3, clients: 16, perClient: 40 },
  );
  console.table(report);
  const ok =
    report.lost === 0 &&
    report.not201 === 0 &&
    report.duplicates === 0 &&
    report.counter === report.unflaggedRows &&
    report.integrity === 'ok';
  console.log(ok ? 'crash test: every promise held' : 'crash test: FAILED');
  process.exit(ok ? 0 : 1);
}
