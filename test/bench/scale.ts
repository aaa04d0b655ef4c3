/**
 * Scale: a million signatures. The database is generated directly in SQLite, then the production
 * server is started on it (spawn to listening, a few times), the counter is loaded, the admin list
 * is read at the end of the list, and the full CSV export is streamed while the server's resident
 * memory is watched. The admin routes are detected: a 404 means "not available", not a failure.
 */
import path from 'node:path';
import { generateSignatures } from './generate.ts';
import { runLoad } from './load.ts';
import type { LoadResult } from './load.ts';
import { memoryOf, resetPeak, spawnProduction } from './processes.ts';
import { median, repeated } from './stats.ts';
import type { Repeated } from './stats.ts';

export const SLUG = 'el-salvador';
export const TOKEN = 'bench-admin-token-not-a-secret';

/** What the scale run measured; `null` where a route is not there (yet). */
export interface ScaleResult {
  rows: number;
  generateMs: number;
  startMs: Repeated;
  idleRssMb: number;
  counter: LoadResult;
  counterRows: number | null;
  /** Median of 5 of each; `complete`: the last page holds the last `limit` ids and no next cursor. */
  adminPage: { firstMs: number; lastMs: number; limit: number; complete: boolean } | null;
  csv: { ms: number; bytes: number; lines: number; peakRssMb: number; peakFrom: string } | null;
}

async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
  const body = await response.text();
  return { ms: performance.now() - started, status: response.status, body };
}

interface Page {
  data: { id: number }[];
  nextCursor: string | null;
}

/**
 * The admin list at the end of a million rows, against its first page: keyset pagination should
 * make them cost the same. The cursor of the last page is the one the server would have handed
 * out after row `rows - limit` (made by its own encodeCursor), so the run does not page through a
 * million rows to get there. Returns null when the route is missing (404).
 */
async function measureAdminPage(url: string, rows: number): Promise<ScaleResult['adminPage']> {
  const base = `${url}/api/admin/campaigns/${SLUG}/signatures`;
  const probe = await timedGet(`${base}?limit=1`);
  if (probe.status === 404) return null;
  if (probe.status !== 200)
    throw new Error(`admin signatures answered ${probe.status}: ${probe.body.slice(0, 200)}`);
  const limit = 100;
  const { encodeCursor } = await import('../../server/storage/admin-signature.ts');
  const lastUrl = `${base}?limit=${limit}&cursor=${encodeURIComponent(encodeCursor(rows - limit))}`;
  const first: number[] = [];
  const last: number[] = [];
  let lastPage: Page | undefined;
  for (let run = 0; run < 5; run++) {
    first.push((await timedGet(`${base}?limit=${limit}`)).ms);
    const page = await timedGet(lastUrl);
    if (page.status !== 200) throw new Error(`the last admin page answered ${page.status}`);
    last.push(page.ms);
    lastPage = JSON.parse(page.body) as Page;
  }
  const ids = lastPage!.data.map((row) => row.id);
  const complete =
    ids.length === limit && ids[ids.length - 1] === rows && lastPage!.nextCursor === null;
  return { firstMs: median(first), lastMs: median(last), limit, complete };
}

/** Streams the whole CSV export, timing it and watching the server's memory. */
/** A download's time, bytes and the server's peak memory meanwhile; null on a 404. */
export interface Download {
  ms: number;
  bytes: number;
  peakRssMb: number;
  peakFrom: string;
}

/** GETs an admin path to the end, watching the server's resident memory; `onChunk` sees bytes. */
export async function downloadWatched(
  url: string,
  pid: number,
  adminPath: string,
  onChunk: (chunk: Uint8Array) => void = () => {},
): Promise<Download | null> {
  const peakResettable = resetPeak(pid);
  let sampledPeak = memoryOf(pid).rssMb;
  const sampler = setInterval(() => (sampledPeak = Math.max(sampledPeak, memoryOf(pid).rssMb)), 20);
  try {
    const started = performance.now();
    const response = await fetch(`${url}/api/admin${adminPath}`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (response.status !== 200) throw new Error(`${adminPath} answered ${response.status}`);
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      onChunk(chunk);
    }
    const ms = performance.now() - started;
    const peakMb = peakResettable ? memoryOf(pid).peakMb : sampledPeak;
    return {
      ms,
      bytes,
      peakRssMb: Math.max(peakMb, sampledPeak),
      peakFrom: peakResettable ? 'VmHWM' : 'sampled',
    };
  } finally {
    clearInterval(sampler);
  }
}

async function measureCsv(url: string, pid: number): Promise<ScaleResult['csv']> {
  let lines = 0;
  const download = await downloadWatched(url, pid, `/campaigns/${SLUG}/signatures.csv`, (chunk) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  });
  return download && { ...download, lines };
}

/** Runs the scale measurements on a fresh database of `rows` signatures in `dir`. */
export async function measureScale(
  dir: string,
  rows: number,
  log: (line: string) => void,
): Promise<ScaleResult> {
  const file = path.join(dir, 'scale.db');
  log(`generating ${rows.toLocaleString('en')} signatures in SQLite...`);
  const { ms: generateMs } = generateSignatures(file, rows);
  const env = { PETITION_ADMIN_TOKEN: TOKEN };

  const starts: number[] = [];
  for (let run = 0; run < 3; run++) {
    const server = await spawnProduction(file, env);
    starts.push(server.startMs);
    await server.stop();
  }
  log(`start-up ${starts.map((ms) => ms.toFixed(0)).join(', ')} ms`);

  const server = await spawnProduction(file, env);
  try {
    starts.push(server.startMs);
    const idleRssMb = memoryOf(server.pid).rssMb;
    const counterPath = `/api/campaigns/${SLUG}/counter`;
    const counterRows = (
      (await (await fetch(server.url + counterPath)).json()) as { signatures: number }
    ).signatures;
    await runLoad(server.url, [{ method: 'GET', path: counterPath }], {
      connections: 50,
      seconds: 1,
    });
    const counter = await runLoad(server.url, [{ method: 'GET', path: counterPath }], {
      connections: 50,
      seconds: 3,
    });
    log('admin list...');
    const adminPage = await measureAdminPage(server.url, rows);
    log('CSV export...');
    const csv = await measureCsv(server.url, server.pid);
    return {
      rows,
      generateMs,
      startMs: repeated(starts),
      idleRssMb,
      counter,
      counterRows,
      adminPage,
      csv,
    };
  } finally {
    await server.stop();
  }
}
