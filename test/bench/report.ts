/** The machine a run was measured on, and the one table (Markdown, so the README can take it). */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** One line of the table. */
export interface Row {
  section: string;
  measure: string;
  value: string;
  /** The range over repetitions, or a detail. */
  spread?: string;
  target?: string;
  ok?: boolean;
}

/** The machine: cores, memory, CPU model, Node.js, the file system the databases live on. */
export function machine() {
  const cpus = os.cpus();
  const cores = os.availableParallelism();
  const memoryGb = os.totalmem() / 1024 ** 3;
  const model = cpus[0]?.model.trim() || 'unknown CPU';
  let disk = 'unknown';
  try {
    // `df -T` on the temporary folder: fsync's cost depends on it (tmpfs would flatter signing).
    const [, fields] = execFileSync('df', ['-T', os.tmpdir()], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const [device, type] = fields.split(/\s+/);
    disk = `${type} on ${device}`;
  } catch {
    // Not every system has df; the line just says unknown.
  }
  const load = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const line =
    `${cores} cores (${model}), ${memoryGb.toFixed(0)} GB memory, Node.js ${process.version}, ` +
    `${os.type()} ${os.release()}, databases on ${disk}`;
  return {
    cores,
    memoryGb,
    model,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    disk,
    load,
    line,
  };
}

/** The table, in Markdown, with the machine line above it. */
export function renderTable(header: string, rows: Row[]): string {
  const cells = [
    ['', 'measure', 'median', 'spread (min – max) / detail', 'target', ''],
    ...rows.map((row, index) => [
      index > 0 && rows[index - 1].section === row.section ? '' : row.section,
      row.measure,
      row.value,
      row.spread ?? '',
      row.target ?? '',
      row.ok === undefined ? '' : row.ok ? 'met' : 'MISSED',
    ]),
  ];
  const widths = cells[0].map((_, column) => Math.max(...cells.map((line) => line[column].length)));
  const format = (line: string[]) =>
    `| ${line.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [
    `Machine: ${header}`,
    '',
    format(cells[0]),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.slice(1).map(format),
  ].join('\n');
}
