/**
 * What the console's tab holds while it downloads a large export: once through the download worker
 * (streamed to disk by the browser's download manager), once with service workers blocked (the
 * in-memory fallback). Samples the page's heap and its ArrayBuffer backing stores over CDP every
 * 50 ms and prints the peaks; checks the saved file's rows.
 *
 * Usage (after npm run build): node --import tsx test/bench/console-download.ts [rows, 300000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSignatures } from './generate.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import { launchBrowser } from '../e2e/browser.ts';

const ROWS = Number(process.argv[2] ?? 300_000);
const TOKEN = 'measure-admin-token-0123456789abcdef';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'c2-measure-'));
const file = path.join(dir, 'm.db');
generateSignatures(file, ROWS);
const server = await spawnServer({
  PORT: '0',
  HOST: '127.0.0.1',
  DATABASE_PATH: file,
  PETITION_ADMIN_TOKEN: TOKEN,
  PETITION_LOG: 'off',
});
const browser = await launchBrowser();
for (const serviceWorkers of ['allow', 'block'] as const) {
  const context = await browser.newContext({ serviceWorkers, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/admin`);
  await page.locator('#key').fill(TOKEN);
  await page.locator('#key').press('Enter');
  await page.locator('console-campaign-list table').waitFor();
  await page.goto(`${server.url}/admin#/campaigns/el-salvador/data`);
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const base = (await cdp.send('Runtime.getHeapUsage')) as Record<string, number>;
  const peak = { ...base };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const now = (await cdp.send('Runtime.getHeapUsage')) as Record<string, number>;
      for (const k of Object.keys(now)) peak[k] = Math.max(peak[k] ?? 0, now[k]);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const started = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('console-export-download').first().getByRole('button').first().click(),
  ]);
  const saved = path.join(dir, `${serviceWorkers}.csv`);
  await download.saveAs(saved);
  await page.locator('console-export-download .done').first().waitFor({ timeout: 300_000 });
  const ms = Math.round(performance.now() - started);
  sampling = false;
  await sampler;
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const size = fs.statSync(saved).size;
  const lines = fs.readFileSync(saved, 'utf8').trimEnd().split('\n').length;
  console.log(
    `${serviceWorkers}: ${lines - 1} rows, ${mb(size)} MB file in ${ms} ms; url ${download.url().slice(0, 40)}; ` +
      `JS heap used ${mb(base.usedSize)} -> peak ${mb(peak.usedSize)} MB; ` +
      `ArrayBuffer backing ${mb(base.backingStorageSize ?? 0)} -> peak ${mb(peak.backingStorageSize ?? 0)} MB`,
  );
  await context.close();
}
await browser.close();
await server.stop();
fs.rmSync(dir, { recursive: true, force: true });
