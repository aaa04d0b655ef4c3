/**
 * The crash test on PostgreSQL: two API nodes (the production bundle, twice) on one database,
 * signatures driven through both while one node at a time is killed with SIGKILL and restarted.
 * Each request carries an Idempotency-Key and goes to a node at random; when it gets no answer it
 * is sent again, same key, to the other node. Every email is new, so every final answer must be
 * 201: the replay of the acknowledgement a kill swallowed (a `200 already_signed` means the key
 * was not honoured across nodes). After each kill the survivor must answer before the dead node
 * comes back. At the end both nodes are killed and the database itself is read: every
 * acknowledged signature is there exactly once, the stored counter equals the counted rows.
 *
 * The database is the one the run's cluster gives (PETITION_TEST_PG, see test/postgres.ts), or,
 * run as a script without it, a cluster started here and stopped at the end.
 */
import pg from 'pg';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { findPostgres, startCluster, stopCluster } from '../postgres.ts';
import { crashSignature, random, trySign } from './crash-client.ts';
import { waitFor } from '../wait-for.ts';

/** How hard to push. */
export interface PgCrashOptions {
  /** The cluster's superuser URL: a database is made on it for the run and dropped after. */
  clusterUrl: string;
  kills: number;
  clients: number;
  /** Signatures each client makes at least; clients go on until the last kill is over. */
  perClient: number;
  seed?: number;
}

/** What the run saw and what the database holds. */
export interface PgCrashReport {
  requests: number;
  acknowledged: number;
  /** Requests whose final answer was not 201 (a 200 for a new email: a retry not replayed). */
  not201: number;
  kills: number;
  /** For each kill, the requests the other node answered before the killed one was back. */
  answeredByOther: number[];
  lost: number;
  /** Emails stored more than once. */
  duplicates: number;
  counter: number;
  countedRows: number;
  seconds: number;
}

/** A client's or the killer's pause: load and kills at random moments (seeded). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** How long the survivor has to answer while the other node is down. */
const SURVIVOR_MS = 10_000;

/** A new database on the cluster; drop it with the returned function. */
async function freshDatabase(clusterUrl: string): Promise<[string, () => Promise<void>]> {
  const name = `petition_crash_${process.pid}_${Date.now() % 100000}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: clusterUrl });
    await client.connect();
    await client.query(sql).finally(() => client.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  return [url.toString(), () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)];
}

/** Runs the crash test; resolves with the figures (it does not judge them). */
export async function runPgCrashTest(options: PgCrashOptions): Promise<PgCrashReport> {
  const started = performance.now();
  const rand = random(options.seed ?? 20261129);
  const [url, drop] = await freshDatabase(options.clusterUrl);
  const env = {
    DATABASE_URL: url,
    PETITION_SECRET: 'crash-test-secret-0123456789abcdef',
    PETITION_SEED: 'on',
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
    PETITION_LOG: 'off',
  };
  const start = () => spawnServer({ ...env, PORT: '0' }, { fixtures: false });
  // Started one after the other: the first migrates and seeds, as a rolling deploy would.
  const nodes: (ServerChild | null)[] = [await start()];
  nodes.push(await start());
  let requests = 0;
  let not201 = 0;
  const acknowledged = new Set<string>();
  // While a node is down: which one, and how many answers the other gave meanwhile.
  let down: { index: number; answered: number } | null = null;

  let killing = true;
  async function client(index: number) {
    for (let n = 0; n < options.perClient || killing; n++) {
      const { email, body } = crashSignature(index, n);
      const key = `pg-crash-${index}-${n}-${Math.floor(rand() * 1e9)}`;
      for (let at = rand() < 0.5 ? 0 : 1; ; at = 1 - at) {
        const node = nodes[at];
        if (!node) continue;
        requests++;
        const status = await trySign(node.url, body, key);
        if (status) {
          acknowledged.add(email);
          if (status !== 201) not201++;
          if (down && down.index !== at) down.answered++;
          break;
        }
        // No answer (the node died, or is starting): the same key, to the other node.
        await sleep(5 + rand() * 20);
      }
    }
  }

  // The nodes are killed in turn, each after a random while of load on both (the clients go on
  // until the last kill is over), so every kill lands while requests are in flight.
  const answeredByOther: number[] = [];
  async function killer() {
    for (let kill = 0; kill < options.kills; kill++) {
      await sleep(200 + rand() * 500);
      const index = kill % 2;
      const victim = nodes[index]!;
      down = { index, answered: 0 };
      nodes[index] = null;
      victim.child.kill('SIGKILL');
      await new Promise((resolve) => victim.child.once('exit', resolve));
      // The other node must go on answering on its own before this one is back.
      const survivor = down;
      await waitFor(() => survivor.answered >= 5, 'the survivor answering', {
        timeout: SURVIVOR_MS,
        every: 5,
      }).catch(() => {}); // how many it answered is judged below, with the others
      answeredByOther.push(down.answered);
      // On a new free port: clients read each node's URL afresh, so none waits on a port reused.
      nodes[index] = await start();
      down = null;
    }
  }

  try {
    const clients = Array.from({ length: options.clients }, (_, index) => client(index));
    await killer().finally(() => (killing = false));
    await Promise.all(clients);
  } finally {
    // The last word is a kill too: nothing may depend on a clean shutdown.
    for (const node of nodes) {
      if (!node) continue;
      node.child.kill('SIGKILL');
      await new Promise((resolve) => node.child.once('exit', resolve));
    }
  }

  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const counted = new Set(
      (
        await db.query<{ email: string }>('SELECT email FROM signatures WHERE flagged IS NULL')
      ).rows.map((row) => row.email),
    );
    const { rows: twice } = await db.query(
      'SELECT email FROM signatures GROUP BY email HAVING count(*) > 1',
    );
    const { rows: stored } = await db.query<{ n: string }>(
      "SELECT signature_count AS n FROM campaigns WHERE slug = 'el-salvador'",
    );
    return {
      requests,
      acknowledged: acknowledged.size,
      not201,
      kills: answeredByOther.length,
      answeredByOther,
      lost: [...acknowledged].filter((email) => !counted.has(email)).length,
      duplicates: twice.length,
      counter: Number(stored[0].n),
      countedRows: counted.size,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await db.end();
    await drop();
  }
}

if (process.argv[1]?.endsWith('pg-crash-run.ts')) {
  const long = process.argv.includes('--long');
  let clusterUrl = process.env.PETITION_TEST_PG;
  let stop = () => {};
  if (!clusterUrl) {
    const bin = findPostgres();
    if (!bin) {
      console.error(
        'No PostgreSQL here: install Debian’s postgresql package, or set PETITION_TEST_PG.',
      );
      process.exit(1);
    }
    const cluster = await startCluster(bin);
    clusterUrl = cluster.url;
    stop = () => stopCluster(bin, cluster.dir);
  }
  const report = await runPgCrashTest({
    clusterUrl,
    ...(long
      ? { kills: 20, clients: 48, perClient: 120 }
      : { kills: 4, clients: 16, perClient: 40 }),
  }).finally(stop);
  console.table({ ...report, answeredByOther: report.answeredByOther.join(' ') });
  const ok =
    report.lost === 0 &&
    report.not201 === 0 &&
    report.duplicates === 0 &&
    report.counter === report.countedRows &&
    report.answeredByOther.every((answered) => answered > 0);
  console.log(ok ? 'PostgreSQL crash test: every promise held' : 'PostgreSQL crash test: FAILED');
  process.exit(ok ? 0 : 1);
}
