/**
 * The table's first section: server CPU a request, the figure the budgets are written in
 * (PRODUCT.md: a signature in at most 60 µs, a counter read in 30, all threads, access log on;
 * PostgreSQL's API node within 1.5x of SQLite's signature), for hello world, signing and counter
 * reads on both engines, each with its ratio to hello world's CPU from the same run. The medians
 * over the reps; the spread says the range, the main thread's share and, on PostgreSQL, what the
 * database's own processes spent besides.
 */
import type { PgMeasured, PostgresResult } from './postgres.ts';
import type { Row } from './report.ts';
import { median } from './stats.ts';
import type { Measured, ThroughputResult } from './throughput.ts';

const SECTION = '0. server CPU a request (all threads, access log on)';

/** The budgets, in µs of server CPU a request. */
export const CPU_BUDGET = { sign: 60, counter: 30, postgresToSqlite: 1.5 };

const us = (value: number) => `${value.toFixed(0)} µs`;

/** The rows; either result may be missing (BENCH_ONLY, or no PostgreSQL here). */
export function cpuRows(
  sqlite: ThroughputResult | undefined,
  postgres: PostgresResult | null | undefined,
): Row[] {
  const rows: Row[] = [];
  const figure = (
    label: string,
    runs: (Measured | PgMeasured)[],
    helloUs: number,
    target?: { max: number; text: string },
  ): number => {
    const all = runs.map((run) => run.serverCpuUs);
    const value = median(all);
    const main = median(runs.map((run) => run.mainCpuUs));
    const database =
      'postgresCpuUs' in (runs[0] ?? {})
        ? `; PostgreSQL's processes ${us(median(runs.map((run) => (run as PgMeasured).postgresCpuUs)))} more`
        : '';
    rows.push({
      section: SECTION,
      measure: label,
      value: us(value),
      spread:
        `${us(Math.min(...all))} – ${us(Math.max(...all))}; main thread ${us(main)}; ` +
        `${(helloUs / value).toFixed(2)}× hello world's${database}`,
      ...(target ? { target: target.text, ok: value <= target.max } : {}),
    });
    return value;
  };
  const budget = (max: number) => ({ max, text: `≤ ${max} µs` });
  let sqliteSign: number | undefined;
  if (sqlite) {
    const { hello, sign, counter, verified } = sqlite.runs;
    const helloUs = median(hello.map((run) => run.serverCpuUs));
    figure('hello world (baseline)', hello, helloUs);
    sqliteSign = figure('SQLite, sign', sign, helloUs, budget(CPU_BUDGET.sign));
    figure('SQLite, counter', counter, helloUs, budget(CPU_BUDGET.counter));
    if (verified.length)
      figure('SQLite, sign a campaign with email confirmation', verified, helloUs);
  }
  if (postgres) {
    const { hello, sign1, sign2, counter1, counter2 } = postgres.runs;
    const helloUs = median(hello.map((run) => run.serverCpuUs));
    if (!sqlite) figure('hello world (baseline, PostgreSQL run)', hello, helloUs);
    const signTarget =
      sqliteSign === undefined
        ? undefined
        : {
            max: sqliteSign * CPU_BUDGET.postgresToSqlite,
            text: `≤ ${CPU_BUDGET.postgresToSqlite}× SQLite's (${us(sqliteSign * CPU_BUDGET.postgresToSqlite)})`,
          };
    figure('PostgreSQL one node, sign (the node)', sign1, helloUs, signTarget);
    figure('PostgreSQL two nodes, sign (both nodes)', sign2, helloUs, signTarget);
    figure('PostgreSQL one node, counter', counter1, helloUs, budget(CPU_BUDGET.counter));
    figure('PostgreSQL two nodes, counter', counter2, helloUs, budget(CPU_BUDGET.counter));
  }
  return rows;
}
