/**
 * Throughput against the baseline, in one run: the production server (on a fresh database file,
 * `synchronous=FULL`) and a bare Hono hello world, both in their own processes, loaded in turn,
 * rep after rep, so drift on a shared machine hits both alike. Signing, counter reads and a 90/10
 * mix; afterwards the database is opened and its rows are checked against the 201s.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { runLoad } from './load.ts';
import type { LoadRequest, LoadResult } from './load.ts';
import type { Child } from './processes.ts';
import { cpuMsOf, spawnHello, spawnProduction } from './processes.ts';
import { signatureSource } from './signatures.ts';
import { webhookReceiver } from './webhook-receiver.ts';

const SLUG = 'el-salvador';

/** The measured runs of each kind, in order, and the database check. */
export interface ThroughputResult {
  connections: number;
  seconds: number;
  runs: { hello: Measured[]; sign: Measured[]; counter: Measured[]; mixed: Measured[] };
  check: { created: number; rows: number; counted: number; unexpected: Record<string, number> };
}

/** A load run, with the server's CPU time per request during it (µs). */
export type Measured = LoadResult & { serverCpuUs: number };

type Kind = keyof ThroughputResult['runs'];

/** Runs `reps` repetitions of each kind for `seconds` each, after a short warm-up. */
export async function measureThroughput(
  dir: string,
  options: { reps: number; seconds: number; connections: number },
  log: (line: string) => void,
): Promise<ThroughputResult> {
  const file = path.join(dir, 'throughput.db');
  // BENCH_WEBHOOK=on: one host webhook to a receiver on loopback, so every signature also writes
  // an outbox row and the worker sends it while signing goes on (signing must not wait for it).
  const receiver = process.env.BENCH_WEBHOOK === 'on' ? await webhookReceiver(file) : null;
  const hello = await spawnHello();
  // The receiver is on loopback: the test setting lets a host hook reach it.
  const server = await spawnProduction(
    file,
    receiver ? { PETITION_WEBHOOK_ALLOW_LOOPBACK: '1' } : {},
  );
  const runs: ThroughputResult['runs'] = { hello: [], sign: [], counter: [], mixed: [] };
  let created = 0;
  const unexpected: Record<string, number> = {};
  try {
    const campaign = (await (await fetch(`${server.url}/api/campaigns/${SLUG}`)).json()) as {
      formToken: string;
    };
    let seed = 0x5eed0000;
    const sign = (): LoadRequest => ({
      method: 'POST',
      path: `/api/campaigns/${SLUG}/signatures`,
      headers: { 'content-type': 'application/json' },
      body: signatureSource(++seed, campaign.formToken),
    });
    const counter: LoadRequest = { method: 'GET', path: `/api/campaigns/${SLUG}/counter` };
    const plan: Record<Kind, () => [Child, LoadRequest[]]> = {
      hello: () => [hello, [{ method: 'GET', path: '/' }]],
      sign: () => [server, [sign()]],
      counter: () => [server, [counter]],
      mixed: () => [server, [...Array(9).fill(counter), sign()]],
    };
    // Runs go by request count, sized from the last run of the kind to last about `seconds`.
    const rate: Record<Kind, number> = {
      hello: 20_000,
      counter: 20_000,
      sign: 3_000,
      mixed: 10_000,
    };
    const run = async (kind: Kind, seconds: number): Promise<Measured> => {
      const [target, requests] = plan[kind]();
      const amount = Math.max(options.connections * 10, Math.round(rate[kind] * seconds));
      const cpuBefore = cpuMsOf(target.pid);
      const loaded = await runLoad(target.url, requests, {
        connections: options.connections,
        amount,
        limitSeconds: seconds * 5 + 5,
      });
      const answered = Object.values(loaded.statuses).reduce((sum, count) => sum + count, 0);
      const result = {
        ...loaded,
        serverCpuUs: ((cpuMsOf(target.pid) - cpuBefore) * 1000) / answered,
      };
      rate[kind] = result.requestsPerSecond;
      for (const [status, count] of Object.entries(result.statuses)) {
        if (status === '201') created += count;
        else if (!(status === '200' && kind !== 'sign'))
          unexpected[`${kind} ${status}`] = (unexpected[`${kind} ${status}`] ?? 0) + count;
      }
      if (result.errors || result.timeouts)
        unexpected[`${kind} errors`] = result.errors + result.timeouts;
      if (result.cutOff) unexpected[`${kind} cut off`] = (unexpected[`${kind} cut off`] ?? 0) + 1;
      return result;
    };

    log('warm-up...');
    for (const kind of ['hello', 'counter', 'sign', 'mixed'] as Kind[]) await run(kind, 1);
    for (let rep = 1; rep <= options.reps; rep++) {
      for (const kind of ['hello', 'sign', 'counter', 'mixed'] as Kind[]) {
        const result = await run(kind, options.seconds);
        runs[kind].push(result);
        log(
          `rep ${rep} ${kind.padEnd(7)} ${Math.round(result.requestsPerSecond).toLocaleString('en').padStart(7)} req/s` +
            `  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  server CPU ${result.serverCpuUs.toFixed(0)} µs/req`,
        );
      }
    }
  } finally {
    await hello.stop();
    receiver?.close();
    // SIGTERM: in-flight requests finish and the last batch is flushed before the file is read.
    await server.stop();
  }
  const db = new Database(file, { readonly: true });
  try {
    const rows = (db.prepare('SELECT count(*) AS n FROM signatures').get() as { n: number }).n;
    const counted = (
      db.prepare('SELECT signature_count AS n FROM campaigns WHERE slug = ?').get(SLUG) as {
        n: number;
      }
    ).n;
    if (receiver) log(`webhook: ${receiver.received()} deliveries received during the run`);
    return {
      connections: options.connections,
      seconds: options.seconds,
      runs,
      check: { created, rows, counted, unexpected },
    };
  } finally {
    db.close();
  }
}
