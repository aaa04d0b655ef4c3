/**
 * The delivery pack at scale: for each size (100,000 and 1,000,000 signatures by default) a
 * database generated in SQLite, the production server started on it, and GET .../delivery.pdf
 * read to the end while the server's resident memory is watched (its peak against its memory at
 * rest: constant memory means the same rise whatever the size). The file is kept and read back
 * with pdfinfo: its page count must be the cover, one page per 120 signers, and the places.
 *
 * The generator's names come from 10 first and 8 family names (generate.ts), so each word is
 * shaped once and the rest are cache hits; a campaign with many rare names shapes more.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PER_PAGE } from '../../server/delivery/delivery-pack.ts';
import { generateSignatures } from './generate.ts';
import { memoryOf, spawnProduction } from './processes.ts';
import { downloadWatched, SLUG, TOKEN } from './scale.ts';
import type { Download } from './scale.ts';

/** One size's figures. */
export interface PackRun extends Download {
  rows: number;
  idleRssMb: number;
  pages: number;
  /** Pages the file should have: cover, lists, places (one page each here). */
  expectedPages: number;
}

/** Runs the pack at each size in `sizes`, in `dir`; null when pdfinfo or the route is missing. */
export async function measurePack(
  dir: string,
  sizes: number[],
  log: (line: string) => void,
): Promise<PackRun[] | null> {
  const runs: PackRun[] = [];
  for (const rows of sizes) {
    const file = path.join(dir, `pack-${rows}.db`);
    generateSignatures(file, rows);
    const server = await spawnProduction(file, { PETITION_ADMIN_TOKEN: TOKEN });
    try {
      const idleRssMb = memoryOf(server.pid).rssMb;
      const out = path.join(dir, `pack-${rows}.pdf`);
      const fd = fs.openSync(out, 'w');
      const download = await downloadWatched(
        server.url,
        server.pid,
        `/campaigns/${SLUG}/delivery.pdf`,
        (chunk) => fs.writeSync(fd, chunk),
      );
      fs.closeSync(fd);
      if (!download) return null;
      const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      fs.rmSync(out);
      const expectedPages = 1 + Math.ceil(rows / PER_PAGE) + 1;
      log(
        `${rows.toLocaleString('en')} signers: ${(download.ms / 1000).toFixed(1)} s, ${pages} pages, peak ${download.peakRssMb.toFixed(0)} MB (at rest ${idleRssMb.toFixed(0)} MB)`,
      );
      runs.push({ rows, idleRssMb, pages, expectedPages, ...download });
    } finally {
      await server.stop();
      fs.rmSync(file, { force: true });
    }
  }
  return runs;
}
