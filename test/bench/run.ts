/**
 * `npm run bench`: every benchmark in one run, on loopback, each figure beside its baseline from
 * the same run. Prints one table and writes it, with the raw runs and the machine, to
 * test/bench/out/bench.json. Exits 1 when a run's own check fails (rows against 201s, the count
 * against the rows, an unexpected status); a missed target is reported, not fatal.
 *
 * Knobs (environment): BENCH_REPS (5), BENCH_SECONDS (4), BENCH_CONNECTIONS (50),
 * BENCH_ROWS (1000000), BENCH_LOADS (10), BENCH_PACK_SIZES (100000,1000000),
 * BENCH_ONLY (throughput,postgres,scale,pack,widget).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuRows } from './cpu-rows.ts';
import { machine, renderTable } from './report.ts';
import type { Row } from './report.ts';
import { measurePostgres } from './postgres.ts';
import type { PostgresResult } from './postgres.ts';
import { measureScale } from './scale.ts';
import { measurePack } from './pack.ts';
import { median } from './stats.ts';
import { measureThroughput } from './throughput.ts';
import type { ThroughputResult } from './throughput.ts';
import { measureWidget } from './widget.ts';
import { WIDGET_BUDGET } from '../../widget/vite.config.ts';

const number = (name: string, fallback: number) => Number(process.env[name] || fallback);
const options = {
  reps: number('BENCH_REPS', 5),
  seconds: number('BENCH_SECONDS', 4),
  connections: number('BENCH_CONNECTIONS', 50),
  rows: number('BENCH_ROWS', 1_000_000),
  loads: number('BENCH_LOADS', 10),
  packSizes: (process.env.BENCH_PACK_SIZES || '100000,1000000').split(',').map(Number),
  only: (process.env.BENCH_ONLY || 'throughput,postgres,scale,pack,widget').split(','),
};

const log = (line: string) => console.error(`  ${line}`);
const started = performance.now();
const machineAtStart = machine();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-bench-'));
const rows: Row[] = [];
const failures: string[] = [];
const raw: { throughput?: ThroughputResult; postgres?: PostgresResult | null } & Record<
  string,
  unknown
> = {};

const rps = (value: number) => `${Math.round(value).toLocaleString('en')} req/s`;
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const range = (values: number[], format: (value: number) => string) =>
  `${format(Math.min(...values))} – ${format(Math.max(...values))}`;
const x = (value: number) => `${value.toFixed(2)}×`;

try {
  if (options.only.includes('throughput')) {
    console.error(
      `throughput: ${options.reps} reps × ${options.seconds} s a kind, ${options.connections} connections`,
    );
    const result = await measureThroughput(dir, options, log);
    raw.throughput = result;
    const { hello, sign, counter, mixed } = result.runs;
    const helloRps = hello.map((run) => run.requestsPerSecond);
    const figure = (section: string, runs: typeof sign, label: string) => {
      const throughput = runs.map((run) => run.requestsPerSecond);
      rows.push({
        section,
        measure: `${label} throughput`,
        value: rps(median(throughput)),
        spread: range(throughput, rps),
      });
      const cpu = runs.map((run) => run.serverCpuUs);
      const us = (value: number) => `${value.toFixed(0)} µs`;
      rows.push({
        section,
        measure: 'server CPU per request',
        value: us(median(cpu)),
        spread: range(cpu, us),
      });
      return throughput;
    };
    const latency = (section: string, runs: typeof sign, target?: number) => {
      const p50 = runs.map((run) => run.p50);
      const p99 = runs.map((run) => run.p99);
      rows.push({
        section,
        measure: 'p50 latency',
        value: ms(median(p50)),
        spread: range(p50, ms),
      });
      const p99Median = median(p99);
      rows.push({
        section,
        measure: 'p99 latency',
        value: ms(p99Median),
        spread: range(p99, ms),
        ...(target ? { target: `< ${target} ms`, ok: p99Median < target } : {}),
      });
    };
    const helloCpu = median(hello.map((run) => run.serverCpuUs));
    const ratio = (section: string, runs: typeof sign, throughput: number[], target: number) => {
      // Each rep against the hello-world rep just before it.
      const ratios = throughput.map((value, index) => value / helloRps[index]);
      const value = median(ratios);
      // What the ratio would be if both servers were held back by their own CPU alone: steadier
      // than requests per second when other work shares the machine.
      const byCpu = helloCpu / median(runs.map((run) => run.serverCpuUs));
      rows.push({
        section,
        measure: 'ratio to hello world',
        value: x(value),
        spread: `${range(ratios, x)}; by server CPU a request ${x(byCpu)}`,
        target: `≥ ${target}`,
        ok: value >= target,
      });
    };

    figure('baseline: Hono hello world, GET', hello, 'hello world');
    latency('baseline: Hono hello world, GET', hello);
    const signRps = figure('1. sign (POST, synchronous=FULL)', sign, 'signatures');
    ratio('1. sign (POST, synchronous=FULL)', sign, signRps, 0.35);
    latency('1. sign (POST, synchronous=FULL)', sign, 25);
    const { created, rows: stored, counted, unexpected } = result.check;
    const checked =
      created === stored &&
      counted === stored &&
      result.check.checkEmail === result.check.pendingRows &&
      Object.keys(unexpected).length === 0;
    rows.push({
      section: '1. sign (POST, synchronous=FULL)',
      measure: 'check: rows in SQLite = 201s',
      value: `${stored.toLocaleString('en')} = ${created.toLocaleString('en')}`,
      spread: `count ${counted.toLocaleString('en')}; verified campaign ${result.check.pendingRows.toLocaleString('en')} pending rows = ${result.check.checkEmail.toLocaleString('en')} check_email${Object.keys(unexpected).length ? `; ${JSON.stringify(unexpected)}` : ''}`,
      target: 'equal, nothing else',
      ok: checked,
    });
    if (!checked)
      failures.push(
        `sign check: ${stored} rows, ${created} 201s, count ${counted}, ${result.check.pendingRows} pending for ${result.check.checkEmail} check_email, ${JSON.stringify(unexpected)}`,
      );
    const counterRps = figure('2. counter reads (GET)', counter, 'counter');
    ratio('2. counter reads (GET)', counter, counterRps, 0.8);
    latency('2. counter reads (GET)', counter);
    figure('3. viral mix: 90% counter, 10% sign', mixed, 'mixed');
    latency('3. viral mix: 90% counter, 10% sign', mixed);
    const verifiedSection = '1c. sign a campaign with email confirmation (token + mail outbox row)';
    figure(verifiedSection, result.runs.verified, 'signatures');
    latency(verifiedSection, result.runs.verified);
  }

  if (options.only.includes('postgres')) {
    console.error(
      `postgres: ${options.reps} reps × ${options.seconds} s a kind, one node and two nodes`,
    );
    const result = await measurePostgres(options, log);
    raw.postgres = result;
    const section = '1b. PostgreSQL (synchronous_commit=on)';
    if (!result)
      rows.push({
        section,
        measure: 'PostgreSQL',
        value: 'not available',
        spread: 'not installed',
      });
    else {
      const helloRps = result.runs.hello.map((run) => run.requestsPerSecond);
      const kinds = [
        ['sign1', 'sign, one node'],
        ['sign2', 'sign, two nodes'],
        ['counter1', 'counter, one node'],
        ['counter2', 'counter, two nodes'],
        ['mixed1', 'viral mix, one node'],
        ['mixed2', 'viral mix, two nodes'],
      ] as const;
      for (const [kind, label] of kinds) {
        const throughput = result.runs[kind].map((run) => run.requestsPerSecond);
        const ratios = throughput.map((value, index) => value / helloRps[index]);
        rows.push({
          section,
          measure: `${label} throughput`,
          value: rps(median(throughput)),
          spread: `${range(throughput, rps)}; ${x(median(ratios))} hello world`,
        });
        const p99 = result.runs[kind].map((run) => run.p99);
        rows.push({
          section,
          measure: `${label} p50 / p99`,
          value: `${ms(median(result.runs[kind].map((run) => run.p50)))} / ${ms(median(p99))}`,
          spread: range(p99, ms),
        });
      }
      const { created, rows: stored, counted, unexpected } = result.check;
      const checked =
        created === stored && counted === stored && Object.keys(unexpected).length === 0;
      rows.push({
        section,
        measure: 'check: rows in PostgreSQL = 201s',
        value: `${stored.toLocaleString('en')} = ${created.toLocaleString('en')}`,
        spread: `count ${counted.toLocaleString('en')}; synchronous_commit=${result.synchronousCommit}${Object.keys(unexpected).length ? `; ${JSON.stringify(unexpected)}` : ''}`,
        target: 'equal, nothing else',
        ok: checked,
      });
      if (!checked)
        failures.push(
          `postgres check: ${stored} rows, ${created} 201s, count ${counted}, ${JSON.stringify(unexpected)}`,
        );
    }
  }

  if (options.only.includes('scale')) {
    console.error(`scale: ${options.rows.toLocaleString('en')} signatures`);
    const result = await measureScale(dir, options.rows, log);
    raw.scale = result;
    const section = `4. scale: ${options.rows.toLocaleString('en')} signatures`;
    rows.push({
      section,
      measure: 'generate in SQLite (one transaction)',
      value: `${(result.generateMs / 1000).toFixed(1)} s`,
    });
    rows.push({
      section,
      measure: 'start-up (spawn to listening)',
      value: ms(result.startMs.median),
      spread: range(result.startMs.runs, ms),
      target: '< 1000 ms',
      ok: result.startMs.median < 1000,
    });
    rows.push({ section, measure: 'RSS after start', value: `${result.idleRssMb.toFixed(0)} MB` });
    const countOk = result.counterRows === result.rows;
    rows.push({
      section,
      measure: 'counter throughput (3 s)',
      value: rps(result.counter.requestsPerSecond),
      spread: `p50 ${ms(result.counter.p50)}, p99 ${ms(result.counter.p99)}`,
      target: `counter = ${result.rows.toLocaleString('en')}`,
      ok: countOk,
    });
    if (!countOk) failures.push(`scale counter says ${result.counterRows}, not ${result.rows}`);
    const page = result.adminPage;
    rows.push(
      page
        ? {
            section,
            measure: `admin page of ${page.limit} at the end of the list`,
            value: ms(page.lastMs),
            spread: `first page ${ms(page.firstMs)} (median of 5 each)`,
            target: 'last ids, no next cursor',
            ok: page.complete,
          }
        : {
            section,
            measure: 'admin page at the end of the list',
            value: 'not available',
            spread: 'route answers 404',
          },
    );
    if (page && !page.complete) failures.push('the last admin page did not hold the last rows');
    const csv = result.csv;
    if (csv) {
      rows.push({
        section,
        measure: 'CSV export, all rows',
        value: `${(csv.ms / 1000).toFixed(2)} s`,
        spread: `${(csv.bytes / 1e6).toFixed(0)} MB, ${csv.lines.toLocaleString('en')} lines`,
        target: '< 10 s',
        ok: csv.ms < 10_000,
      });
      rows.push({
        section,
        measure: `CSV export peak RSS (${csv.peakFrom})`,
        value: `${csv.peakRssMb.toFixed(0)} MB`,
        target: '< 150 MB',
        ok: csv.peakRssMb < 150,
      });
      if (csv.lines !== result.rows + 1)
        failures.push(`the CSV had ${csv.lines} lines, not ${result.rows + 1}`);
    } else {
      rows.push({
        section,
        measure: 'CSV export, all rows',
        value: 'not available',
        spread: 'route answers 404',
      });
    }
  }

  if (options.only.includes('pack')) {
    console.error(`pack: the delivery PDF of ${options.packSizes.join(', ')} signatures`);
    const result = await measurePack(dir, options.packSizes, log);
    raw.pack = result;
    const section = '5. delivery pack (PDF, production server, SQLite)';
    if (!result)
      rows.push({ section, measure: 'delivery.pdf', value: 'not available', spread: '404' });
    for (const run of result ?? []) {
      const rate = Math.round(run.rows / (run.ms / 1000)).toLocaleString('en');
      rows.push({
        section,
        measure: `${run.rows.toLocaleString('en')} signers: time`,
        value: `${(run.ms / 1000).toFixed(1)} s`,
        spread: `${rate} signers/s, ${(run.bytes / 1e6).toFixed(1)} MB, ${run.pages.toLocaleString('en')} pages`,
        target: `${run.expectedPages.toLocaleString('en')} pages`,
        ok: run.pages === run.expectedPages,
      });
      if (run.pages !== run.expectedPages)
        failures.push(`pack of ${run.rows}: ${run.pages} pages, not ${run.expectedPages}`);
      rows.push({
        section,
        measure: `${run.rows.toLocaleString('en')} signers: server peak memory`,
        value: `${run.peakRssMb.toFixed(0)} MB`,
        spread: `${run.idleRssMb.toFixed(0)} MB at rest, +${(run.peakRssMb - run.idleRssMb).toFixed(0)} MB (${run.peakFrom})`,
      });
    }
  }

  if (options.only.includes('widget')) {
    console.error(`widget: sizes, and ${options.loads} loads in Chromium`);
    const result = await measureWidget(dir, options.loads, log);
    raw.widget = result;
    const section = '5. widget';
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    rows.push({ section, measure: 'widget.js raw', value: kb(result.raw) });
    rows.push({
      section,
      measure: 'widget.js gzip -9, as served',
      value: kb(result.gzip),
      target: `≤ ${kb(WIDGET_BUDGET.gzip)}`,
      ok: result.gzip <= WIDGET_BUDGET.gzip,
    });
    rows.push({
      section,
      measure: 'widget.js brotli q11, as served',
      value: kb(result.brotli),
      target: `≤ ${kb(WIDGET_BUDGET.brotli)}`,
      ok: result.brotli <= WIDGET_BUDGET.brotli,
    });
    if (result.ready) {
      rows.push({
        section,
        measure: `navigation to form + counter drawn (median of ${options.loads})`,
        value: ms(result.ready.median),
        spread: range(result.ready.runs, ms),
      });
      const requests = median(result.requests);
      rows.push({
        section,
        measure: 'requests until drawn (page, script, API)',
        value: String(requests),
        target: '3',
        ok: requests === 3,
      });
    } else {
      rows.push({
        section,
        measure: 'navigation to form + counter drawn',
        value: 'not available',
        spread: 'no Chromium',
      });
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

rows.unshift(...cpuRows(raw.throughput, raw.postgres));
const machineAtEnd = machine();
const totalSeconds = (performance.now() - started) / 1000;
const header = `${machineAtStart.line}; load average ${machineAtStart.load} at start, ${machineAtEnd.load} at end; ${totalSeconds.toFixed(0)} s`;
console.log(renderTable(header, rows));
const out = path.join(import.meta.dirname, 'out');
fs.mkdirSync(out, { recursive: true });
const json = {
  date: new Date().toISOString(),
  machine: machineAtStart,
  loadAtEnd: machineAtEnd.load,
  options,
  seconds: totalSeconds,
  table: rows,
  raw,
  failures,
};
fs.writeFileSync(path.join(out, 'bench.json'), JSON.stringify(json, null, 2) + '\n');
console.log(`\nWritten to ${path.relative(process.cwd(), path.join(out, 'bench.json'))}`);
if (failures.length) {
  console.error(`\nChecks failed:\n- ${failures.join('\n- ')}`);
  process.exitCode = 1;
}
