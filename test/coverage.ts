/**
 * Summarises Node's own coverage report (`node --test --experimental-test-coverage`) read from
 * stdin: everything else passes through unchanged; the report's table is written whole to
 * test/coverage/out/server.txt and replaced by one line a room of server/ and the total of
 * server/, weighted by each file's lines (Node prints only percentages, and counts the files
 * the tests loaded: a file no test imports is not in it).
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';

const OUT = 'test/coverage/out/server.txt';
const ROW = /^# (\S+)\s+\|\s+([\d.]+)\s+\|\s+([\d.]+)\s+\|\s+([\d.]+)\s+\|/;

/** Line counts and covered lines of a group of files. */
interface Tally {
  lines: number;
  covered: number;
  files: number;
}

/** The room a server file belongs to: its first folder under server/ (two under storage/). */
function roomOf(file: string): string {
  const parts = file.split('/');
  if (parts[1] === 'storage' && parts.length > 3) return parts.slice(0, 3).join('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : 'server/(root)';
}

/** The summary lines for the rows of a report: one a room, then the total of server/. */
function summarise(
  rows: { file: string; line: number }[],
  lineCount: (file: string) => number,
): string[] {
  const rooms = new Map<string, Tally>();
  const total: Tally = { lines: 0, covered: 0, files: 0 };
  for (const { file, line } of rows) {
    // The bundle a spawned server runs is the same code again, not more of it.
    if (!file.startsWith('server/') || file.includes('/dist/')) continue;
    const lines = lineCount(file);
    const room = rooms.get(roomOf(file)) ?? { lines: 0, covered: 0, files: 0 };
    for (const tally of [room, total]) {
      tally.lines += lines;
      tally.covered += (lines * line) / 100;
      tally.files += 1;
    }
    rooms.set(roomOf(file), room);
  }
  const percent = (tally: Tally) => ((100 * tally.covered) / Math.max(1, tally.lines)).toFixed(1);
  return [
    ...[...rooms]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([room, tally]) =>
          `#   ${room.padEnd(28)} ${percent(tally).padStart(5)}% of ${tally.lines} lines`,
      ),
    `# server/ line coverage: ${percent(total)}% of ${total.lines} lines in ${total.files} files the server tests load (Node's own, per room above; the whole report: ${OUT})`,
  ];
}

async function main(): Promise<void> {
  const table: string[] = [];
  const rows: { file: string; line: number }[] = [];
  let inReport = false;
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line === '# start of coverage report') inReport = true;
    if (!inReport) {
      console.log(line);
      continue;
    }
    table.push(line);
    const row = ROW.exec(line);
    if (row) rows.push({ file: row[1], line: Number(row[2]) });
    if (line === '# end of coverage report') {
      inReport = false;
      fs.mkdirSync(path.dirname(OUT), { recursive: true });
      fs.writeFileSync(OUT, `${table.join('\n')}\n`);
      const count = (file: string) => fs.readFileSync(file, 'utf8').trimEnd().split('\n').length;
      for (const summary of summarise(rows, count)) console.log(summary);
    }
  }
}

await main();
