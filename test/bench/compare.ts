/**
 * Before and after, in one run: two server bundles (say main's, copied from server/dist before a
 * change, and this worktree's) each on its own fresh SQLite file, loaded in turn with the same requests,
 * rep after rep (hello world, then signing and counter reads on each), so that whatever else the
 * shared machine is doing weighs on both alike. Prints the server CPU a request (all threads, and
 * the main thread's), throughput and p99 of each, medians over the reps, and the median of the
 * reps' after/before ratios of CPU a request (each pair run back to back).
 *
 *   node --import tsx test/bench/compare.ts <before/main.js> <after/main.js>
 *
 * Knobs: BENCH_REPS (5), BENCH_SECONDS (3), BENCH_CONNECTIONS (50).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedDemo } from '../fixtures/api-server.ts';
import { cpuOf, perRequest } from './cpu.ts';
import { runLoad } from './load.ts';
import type { LoadRequest } from './load.ts';
import type { Child } from './processes.ts';
import { spawnHello, spawnListening } from './processes.ts';
import { median } from './stats.ts';
import { signatureSource } from './signatures.ts';

const SLUG = 'el-salvador';
const reps = Number(process.env.BENCH_REPS || 5);
const seconds = Number(process.env.BENCH_SECONDS || 3);
const connections = Number(process.env.BENCH_CONNECTIONS || 50);
const bundles = process.argv.slice(2);
if (bundles.length !== 2) {
  console.error('usage: compare.ts <before/main.js> <after/main.js>');
  process.exit(2);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-compare-'));
const servers: Child[] = [];
const hello = await spawnHello();
interface Figure {
  cpu: number[];
  main: number[];
  rps: number[];
  p99: number[];
}
const figures = new Map<string, Figure>();
const record = (name: string) => {
  if (!figures.has(name)) figures.set(name, { cpu: [], main: [], rps: [], p99: [] });
  return figures.get(name)!;
};
try {
  for (const [index, bundle] of bundles.entries()) {
    const file = path.join(dir, `${index}.db`);
    await seedDemo({ DATABASE_PATH: file });
    servers.push(
      await spawnListening([path.resolve(bundle)], {
        DATABASE_PATH: file,
        PETITION_BOT_CHECKS: 'off',
        PETITION_RATE_LIMIT: 'off',
        PETITION_LOG: 'on',
      }),
    );
  }
  let seed = 0xc0ffee00;
  const plan: [string, Child, () => LoadRequest][] = [['hello', hello, () => get('/')]];
  for (const [index, server] of servers.entries()) {
    const campaign = (await (await fetch(`${server.url}/api/campaigns/${SLUG}`)).json()) as {
      formToken: string;
    };
    const name = index === 0 ? 'before' : 'after';
    plan.push([
      `${name} sign`,
      server,
      () => ({
        method: 'POST',
        path: `/api/campaigns/${SLUG}/signatures`,
        headers: { 'content-type': 'application/json' },
        body: signatureSource(++seed, campaign.formToken),
      }),
    ]);
    plan.push([`${name} counter`, server, () => get(`/api/campaigns/${SLUG}/counter`)]);
  }
  // Each kind on both sides one after the other (before, after; then after, before on the next
  // rep), so the pair shares the machine's moment: their ratio is the figure to read.
  const [first, beforeSign, beforeCounter, afterSign, afterCounter] = plan;
  const pairs = [
    [beforeSign, afterSign],
    [beforeCounter, afterCounter],
  ];
  for (let rep = 0; rep <= reps; rep++) {
    const order = [first, ...pairs.flatMap((pair) => (rep % 2 ? pair : [...pair].reverse()))];
    for (const [name, target, request] of order) {
      const before = cpuOf(target.pid);
      const loaded = await runLoad(target.url, [request()], {
        connections,
        seconds: rep === 0 ? 1 : seconds,
      });
      const answered = Object.values(loaded.statuses).reduce((sum, count) => sum + count, 0);
      const cpu = perRequest(before, cpuOf(target.pid), answered);
      const bad = Object.keys(loaded.statuses).filter((status) => !/^20[01]$/.test(status));
      if (bad.length) throw new Error(`${name}: statuses ${JSON.stringify(loaded.statuses)}`);
      if (rep === 0) continue; // warm-up
      const figure = record(name);
      figure.cpu.push(cpu.serverCpuUs);
      figure.main.push(cpu.mainCpuUs);
      figure.rps.push(loaded.requestsPerSecond);
      figure.p99.push(loaded.p99);
      console.error(
        `rep ${rep} ${name.padEnd(15)} ${cpu.serverCpuUs.toFixed(0).padStart(4)} µs (main ${cpu.mainCpuUs.toFixed(0)})` +
          `  ${Math.round(loaded.requestsPerSecond)} req/s  p99 ${loaded.p99.toFixed(1)} ms`,
      );
    }
  }
} finally {
  await hello.stop();
  await Promise.all(servers.map((server) => server.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
}

function get(route: string): LoadRequest {
  return { method: 'GET', path: route };
}

console.log(
  `load average ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')} at the end`,
);
console.log('| run | server CPU a request (median) | main thread | req/s | p99 |');
console.log('|---|---|---|---|---|');
for (const kind of ['sign', 'counter']) {
  const before = figures.get(`before ${kind}`)!.cpu;
  const after = figures.get(`after ${kind}`)!.cpu;
  const ratios = after.map((value, index) => value / before[index]);
  console.log(
    `${kind}: after / before, rep by rep: median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)} – ${Math.max(...ratios).toFixed(3)})`,
  );
}
for (const [name, figure] of figures) {
  const range = `${Math.min(...figure.cpu).toFixed(0)} – ${Math.max(...figure.cpu).toFixed(0)}`;
  console.log(
    `| ${name} | ${median(figure.cpu).toFixed(0)} µs (${range}) | ${median(figure.main).toFixed(0)} µs | ${Math.round(median(figure.rps))} | ${median(figure.p99).toFixed(1)} ms |`,
  );
}
