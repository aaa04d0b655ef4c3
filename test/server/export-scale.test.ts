/**
 * Exports at scale on each engine: rows made straight in the database, streamed through the admin
 * API (SQLite in chunks, PostgreSQL through a cursor) to a reader that first stalls, then reads.
 * What the process holds is sampled after a full garbage collection (garbage is not memory held):
 * holding the file, or reading ahead of a slow reader, would hold a good part of its size;
 * streaming holds a few chunks. `npm test` streams 100,000 rows; a million take longer:
 *   EXPORT_ROWS=1000000 node --import tsx --test test/server/export-scale.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as stall } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';
import { EACH_ENGINE } from './engine-app.ts';

const ROWS = Number(process.env.EXPORT_ROWS ?? 100_000);
const MB = 1024 * 1024;

// A full collection on demand without a command-line flag (node --test starts the files).
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap and array buffers still reachable, after a full collection. */
function held(): number {
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`CSV export at scale on ${engine}`, { skip }, () => {
    it(`streams ${ROWS} rows in constant memory, and reads no further ahead of a slow reader`, async () => {
      const app = await open();
      await app.insertRows(ROWS);
      for (const kind of ['signatures', 'delivery']) {
        const before = held();
        const started = performance.now();
        const response = await app.admin(`/campaigns/el-salvador/${kind}.csv`);
        assert.equal(response.status, 200);
        const reader = response.body!.getReader();
        let bytes = (await reader.read()).value!.length;
        // The reader stalls (time passing is the subject): whatever the server reads meanwhile is held.
        await stall(300);
        let most = held() - before;
        let sampled = bytes;
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
          bytes += chunk.value.length;
          if (bytes - sampled > MB) {
            sampled = bytes;
            most = Math.max(most, held() - before);
          }
        }
        const seconds = (performance.now() - started) / 1000;
        const rows = kind === 'signatures' ? ROWS : ROWS - Math.floor(ROWS / 10);
        console.log(
          `${engine} ${kind}.csv: ${rows} rows, ${(bytes / MB).toFixed(1)} MB in ${seconds.toFixed(1)} s; ` +
            `at most ${(most / MB).toFixed(1)} MB held while streaming`,
        );
        assert.ok(bytes > ROWS * 20, 'every row came');
        assert.ok(
          most < 4 * MB,
          `held ${(most / MB).toFixed(1)} MB of a ${(bytes / MB).toFixed(1)} MB file`,
        );
      }
    });
  });
}
