/**
 * PostgreSQL in the benchmark run: a throwaway cluster (test/postgres.ts, durable settings,
 * `synchronous_commit=on`), the production bundle as one node and as two nodes on it, against the
 * same hello-world baseline, rep after rep: signing, counter reads and the viral mix. Two nodes are
 * loaded together (half the connections each) and their throughputs added. Afterwards the rows are
 * checked against the 201s. Each run reads the nodes' CPU time (all their threads) and the
 * cluster's (every PostgreSQL process) before and after.
 */
import path from 'node:path';
import pg from 'pg';
import { findPostgres, startCluster, stopCluster } from '../postgres.ts';
import { clusterCpuMs, cpuOfAll, perRequest } from './cpu.ts';
import { runLoad } from './load.ts';
import type { LoadRequest, LoadResult } from './load.ts';
import type { Child } from './processes.ts';
import { spawnHello, spawnProduction } from './processes.ts';
import { signatureSource } from './signatures.ts';

const SLUG = 'el-salvador';

/** A run with the nodes' CPU µs a request (all threads, and main threads) and PostgreSQL's. */
export type PgMeasured = LoadResult & {
  serverCpuUs: number;
  mainCpuUs: number;
  postgresCpuUs: number;
};

export interface PostgresResult {
  runs: Record<
    'hello' | 'sign1' | 'sign2' | 'counter1' | 'counter2' | 'mixed1' | 'mixed2',
    PgMeasured[]
  >;
  check: { created: number; rows: number; counted: number; unexpected: Record<string, number> };
  synchronousCommit: string;
}

type Kind = keyof PostgresResult['runs'];

/** Adds the results of runs made at the same time (two nodes). */
function together(results: LoadResult[]): LoadResult {
  const statuses: Record<string, number> = {};
  for (const result of results)
    for (const [status, count] of Object.entries(result.statuses))
      statuses[status] = (statuses[status] ?? 0) + count;
  return {
    requestsPerSecond: results.reduce((sum, result) => sum + result.requestsPerSecond, 0),
    p50: Math.max(...results.map((result) => result.p50)),
    p99: Math.max(...results.map((result) => result.p99)),
    max: Math.max(...results.map((result) => result.max)),
    statuses,
    errors: results.reduce((sum, result) => sum + result.errors, 0),
    timeouts: results.reduce((sum, result) => sum + result.timeouts, 0),
    seconds: Math.max(...results.map((result) => result.seconds)),
    cutOff: results.some((result) => result.cutOff),
  };
}

/** Null when there is no PostgreSQL here. */
export async function measurePostgres(
  options: { reps: number; seconds: number; connections: number },
  log: (line: string) => void,
): Promise<PostgresResult | null> {
  const bin = findPostgres();
  if (!bin) return null;
  const cluster = await startCluster(bin);
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE bench');
  const synchronousCommit = (await admin.query('SHOW synchronous_commit')).rows[0]
    .synchronous_commit as string;
  await admin.end();
  const url = new URL(cluster.url);
  url.pathname = '/bench';
  const env = {
    DATABASE_URL: url.toString(),
    PETITION_SECRET: 'bench-secret-0123456789abcdef0123',
  };
  const nodes: Child[] = [];
  const hello = await spawnHello();
  const runs: PostgresResult['runs'] = {
    hello: [],
    sign1: [],
    sign2: [],
    counter1: [],
    counter2: [],
    mixed1: [],
    mixed2: [],
  };
  let created = 0;
  const unexpected: Record<string, number> = {};
  try {
    // DATABASE_PATH is not used with DATABASE_URL (but must be a valid setting).
    nodes.push(await spawnProduction('unused.db', env));
    nodes.push(await spawnProduction('unused.db', env));
    const campaign = (await (await fetch(`${nodes[0].url}/api/campaigns/${SLUG}`)).json()) as {
      formToken: string;
    };
    // One seeded source for the whole run: every request a new person, none repeated.
    const sign: LoadRequest = {
      method: 'POST',
      path: `/api/campaigns/${SLUG}/signatures`,
      headers: { 'content-type': 'application/json' },
      body: signatureSource(0x9a5e0000, campaign.formToken),
    };
    const counter: LoadRequest = { method: 'GET', path: `/api/campaigns/${SLUG}/counter` };
    // The viral mix as on SQLite: 9 counter reads to 1 signature.
    const mixed = [...Array(9).fill(counter), sign];
    const plan: Record<Kind, [Child[], LoadRequest[]]> = {
      hello: [[hello], [{ method: 'GET', path: '/' }]],
      sign1: [[nodes[0]], [sign]],
      sign2: [nodes, [sign]],
      counter1: [[nodes[0]], [counter]],
      counter2: [nodes, [counter]],
      mixed1: [[nodes[0]], mixed],
      mixed2: [nodes, mixed],
    };
    // Runs go by request count (sized from the kind's last run), so none is in flight at the end
    // and the 201s can be checked against the rows.
    const rate: Record<Kind, number> = {
      hello: 20_000,
      sign1: 3_000,
      sign2: 3_000,
      counter1: 20_000,
      counter2: 20_000,
      mixed1: 10_000,
      mixed2: 10_000,
    };
    const data = path.join(cluster.dir, 'data');
    const run = async (kind: Kind, seconds: number): Promise<PgMeasured> => {
      const [targets, requests] = plan[kind];
      const connections = Math.max(1, Math.round(options.connections / targets.length));
      const amount = Math.max(
        connections * 10,
        Math.round((rate[kind] * seconds) / targets.length),
      );
      const load = { connections, amount, limitSeconds: seconds * 5 + 5 };
      const pids = targets.map((target) => target.pid);
      const cpuBefore = cpuOfAll(pids);
      const postgresBefore = clusterCpuMs(data);
      const loaded = together(
        await Promise.all(targets.map((target) => runLoad(target.url, requests, load))),
      );
      const answered = Object.values(loaded.statuses).reduce((sum, count) => sum + count, 0);
      const result: PgMeasured = {
        ...loaded,
        ...perRequest(cpuBefore, cpuOfAll(pids), answered),
        postgresCpuUs:
          kind === 'hello' ? 0 : ((clusterCpuMs(data) - postgresBefore) * 1000) / answered,
      };
      rate[kind] = result.requestsPerSecond;
      for (const [status, count] of Object.entries(result.statuses)) {
        if (status === '201') created += count;
        else if (!(status === '200' && kind !== 'sign1' && kind !== 'sign2'))
          unexpected[`${kind} ${status}`] = (unexpected[`${kind} ${status}`] ?? 0) + count;
      }
      if (result.errors || result.timeouts)
        unexpected[`${kind} errors`] = result.errors + result.timeouts;
      if (result.cutOff) unexpected[`${kind} cut off`] = (unexpected[`${kind} cut off`] ?? 0) + 1;
      return result;
    };
    log('postgres warm-up...');
    for (const kind of Object.keys(plan) as Kind[]) await run(kind, 1);
    for (let rep = 1; rep <= options.reps; rep++) {
      for (const kind of Object.keys(plan) as Kind[]) {
        const result = await run(kind, options.seconds);
        runs[kind].push(result);
        log(
          `postgres rep ${rep} ${kind.padEnd(8)} ${Math.round(result.requestsPerSecond).toLocaleString('en').padStart(7)} req/s  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms` +
            `  node CPU ${result.serverCpuUs.toFixed(0)} µs/req (main ${result.mainCpuUs.toFixed(0)}), PostgreSQL ${result.postgresCpuUs.toFixed(0)}`,
        );
      }
    }
  } finally {
    await hello.stop();
    // SIGTERM: in-flight requests finish and the last batch commits before the rows are read.
    await Promise.all(nodes.map((node) => node.stop()));
  }
  try {
    const check = new pg.Client({ connectionString: url.toString() });
    await check.connect();
    const { rows } = await check.query(
      'SELECT (SELECT count(*) FROM signatures)::int AS rows, signature_count::int AS counted FROM campaigns WHERE slug = $1',
      [SLUG],
    );
    await check.end();
    return {
      runs,
      check: { created, rows: rows[0].rows, counted: rows[0].counted, unexpected },
      synchronousCommit,
    };
  } finally {
    stopCluster(bin, cluster.dir);
  }
}
