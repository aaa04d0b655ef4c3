/**
 * Throughput against the baseline, in one run: the production server (on a fresh database file,
 * `synchronous=FULL`, the access log on) and a bare Hono hello world, both in their own processes,
 * loaded in turn, rep after rep, so drift on a shared machine hits both alike. Signing, counter
 * reads, a 90/10 mix, and signing a campaign with email confirmation (a token and a mail outbox
 * row a signature, the mail worker writing the mails meanwhile); afterwards the database is opened
 * and its rows are checked against the answers. Each run reads the server's CPU time before and
 * after (cpu.ts).
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { UNVERIFIED_DEMO } from '../fixtures/api-server.ts';
import { CampaignStore } from '../../server/storage/sqlite/campaigns.ts';
import { openDatabase } from '../../server/storage/sqlite/open.ts';
import { cpuOf, perRequest } from './cpu.ts';
import { runLoad } from './load.ts';
import type { LoadRequest, LoadResult } from './load.ts';
import type { Child } from './processes.ts';
import { spawnHello, spawnProduction } from './processes.ts';
import { signatureSource } from './signatures.ts';
import { webhookReceiver } from './webhook-receiver.ts';

const SLUG = 'el-salvador';
/** The demo with email confirmation: each signature stored pending, with its token and mail. */
const VERIFIED = 'bench-verified';

/** The measured runs of each kind, in order, and the database check. */
export interface ThroughputResult {
  connections: number;
  seconds: number;
  runs: {
    hello: Measured[];
    sign: Measured[];
    counter: Measured[];
    mixed: Measured[];
    verified: Measured[];
  };
  check: {
    created: number;
    rows: number;
    counted: number;
    /** Signatures of the verified campaign answered 200 check_email, and its pending rows. */
    checkEmail: number;
    pendingRows: number;
    unexpected: Record<string, number>;
  };
}

/** A load run, with the server's CPU time per request during it (µs): all threads, and main's. */
export type Measured = LoadResult & { serverCpuUs: number; mainCpuUs: number };

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
  // The campaign with email confirmation is served by a process of its own, on its own file: its
  // mail worker writes a mail a signature for a while afterwards, which would otherwise count in
  // the CPU of the runs that follow (the counter reads above all).
  const verifiedFile = path.join(dir, 'verified.db');
  seedVerified(verifiedFile);
  const hello = await spawnHello();
  // The receiver is on loopback: the test setting lets a host hook reach it.
  const server = await spawnProduction(
    file,
    receiver ? { PETITION_WEBHOOK_ALLOW_LOOPBACK: '1' } : {},
  );
  const verifiedServer = await spawnProduction(verifiedFile);
  const runs: ThroughputResult['runs'] = {
    hello: [],
    sign: [],
    counter: [],
    mixed: [],
    verified: [],
  };
  let created = 0;
  let checkEmail = 0;
  const unexpected: Record<string, number> = {};
  try {
    const campaign = (await (await fetch(`${server.url}/api/campaigns/${SLUG}`)).json()) as {
      formToken: string;
    };
    const verified = (await (
      await fetch(`${verifiedServer.url}/api/campaigns/${VERIFIED}`)
    ).json()) as { formToken: string };
    let seed = 0x5eed0000;
    const sign = (slug = SLUG, formToken = campaign.formToken): LoadRequest => ({
      method: 'POST',
      path: `/api/campaigns/${slug}/signatures`,
      headers: { 'content-type': 'application/json' },
      body: signatureSource(++seed, formToken),
    });
    const counter: LoadRequest = { method: 'GET', path: `/api/campaigns/${SLUG}/counter` };
    const plan: Record<Kind, () => [Child, LoadRequest[]]> = {
      hello: () => [hello, [{ method: 'GET', path: '/' }]],
      sign: () => [server, [sign()]],
      counter: () => [server, [counter]],
      mixed: () => [server, [...Array(9).fill(counter), sign()]],
      verified: () => [verifiedServer, [sign(VERIFIED, verified.formToken)]],
    };
    // Runs go by request count, sized from the last run of the kind to last about `seconds`.
    const rate: Record<Kind, number> = {
      hello: 20_000,
      counter: 20_000,
      sign: 3_000,
      mixed: 10_000,
      verified: 3_000,
    };
    const run = async (kind: Kind, seconds: number): Promise<Measured> => {
      const [target, requests] = plan[kind]();
      const amount = Math.max(options.connections * 10, Math.round(rate[kind] * seconds));
      const cpuBefore = cpuOf(target.pid);
      const loaded = await runLoad(target.url, requests, {
        connections: options.connections,
        amount,
        limitSeconds: seconds * 5 + 5,
      });
      const answered = Object.values(loaded.statuses).reduce((sum, count) => sum + count, 0);
      const result = { ...loaded, ...perRequest(cpuBefore, cpuOf(target.pid), answered) };
      rate[kind] = result.requestsPerSecond;
      for (const [status, count] of Object.entries(result.statuses)) {
        if (status === '201' && kind !== 'verified') created += count;
        else if (status === '200' && kind === 'verified') checkEmail += count;
        else if (!(status === '200' && kind !== 'sign'))
          unexpected[`${kind} ${status}`] = (unexpected[`${kind} ${status}`] ?? 0) + count;
      }
      if (result.errors || result.timeouts)
        unexpected[`${kind} errors`] = result.errors + result.timeouts;
      if (result.cutOff) unexpected[`${kind} cut off`] = (unexpected[`${kind} cut off`] ?? 0) + 1;
      return result;
    };

    log('warm-up...');
    for (const kind of ['hello', 'counter', 'sign', 'mixed', 'verified'] as Kind[])
      await run(kind, 1);
    for (let rep = 1; rep <= options.reps; rep++) {
      for (const kind of ['hello', 'sign', 'counter', 'mixed', 'verified'] as Kind[]) {
        const result = await run(kind, options.seconds);
        runs[kind].push(result);
        log(
          `rep ${rep} ${kind.padEnd(7)} ${Math.round(result.requestsPerSecond).toLocaleString('en').padStart(7)} req/s` +
            `  p50 ${result.p50.toFixed(2)} ms  p99 ${result.p99.toFixed(2)} ms  server CPU ${result.serverCpuUs.toFixed(0)} µs/req (main thread ${result.mainCpuUs.toFixed(0)})`,
        );
      }
    }
  } finally {
    await hello.stop();
    receiver?.close();
    // SIGTERM: in-flight requests finish and the last batch is flushed before the file is read.
    await Promise.all([server.stop(), verifiedServer.stop()]);
  }
  const db = new Database(file, { readonly: true });
  const verifiedDb = new Database(verifiedFile, { readonly: true });
  try {
    const count = (sql: string, slug: string, from = db) =>
      (from.prepare(sql).get(slug) as { n: number }).n;
    const rows = count(
      'SELECT count(*) AS n FROM signatures WHERE campaign_id = (SELECT id FROM campaigns WHERE slug = ?)',
      SLUG,
    );
    const counted = count('SELECT signature_count AS n FROM campaigns WHERE slug = ?', SLUG);
    const pendingRows = count(
      'SELECT count(*) AS n FROM signatures WHERE pending = 1 AND campaign_id = (SELECT id FROM campaigns WHERE slug = ?)',
      VERIFIED,
      verifiedDb,
    );
    if (receiver) log(`webhook: ${receiver.received()} deliveries received during the run`);
    return {
      connections: options.connections,
      seconds: options.seconds,
      runs,
      check: { created, rows, counted, checkEmail, pendingRows, unexpected },
    };
  } finally {
    db.close();
    verifiedDb.close();
  }
}

/** Writes the demo and its verified twin into a new database file, before the server opens it. */
function seedVerified(file: string): void {
  const db = openDatabase(file);
  try {
    const campaigns = new CampaignStore(db);
    if (!campaigns.get(SLUG)) campaigns.create(UNVERIFIED_DEMO);
    if (!campaigns.get(VERIFIED))
      campaigns.create({ ...UNVERIFIED_DEMO, slug: VERIFIED, verification: 'email' });
  } finally {
    db.close();
  }
}
