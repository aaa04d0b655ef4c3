/** Test fixtures: a real migrated SQLite file in a temporary folder, and the app over it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { elSalvador, ORGANISATION } from '../../demo/el-salvador.ts';
import { createApp } from '../../server/http/app.ts';
import type { NewCampaign } from '../../server/campaigns/campaign.ts';
import { openSqliteStorage } from '../../server/storage/sqlite/index.ts';
import type { Settings } from '../../server/config/settings.ts';
import { testSettings } from '../../server/config/settings.ts';
import { waitFor } from '../wait-for.ts';

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-test-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The campaign a fixture makes: the demo without email verification (most tests are about other
 * things, and count at once), or the test's own, unverified unless it says otherwise.
 */
export function unverified(campaign?: NewCampaign): NewCampaign {
  return campaign ? { verification: 'none', ...campaign } : { ...elSalvador, verification: 'none' };
}

/** The app on a real database file, with the demo campaign (or another) created. */
export function makeApp(
  overrides: Partial<Settings> = {},
  options: { file?: string; campaign?: NewCampaign } = {},
) {
  const file = options.file ?? path.join(tempDir(), 'test.db');
  const settings = testSettings({
    DATABASE_PATH: file,
    PETITION_BOT_CHECKS: 'off',
    PETITION_RATE_LIMIT: 'off',
    ...overrides,
  });
  const seed = unverified(options.campaign);
  const storage = openSqliteStorage(file, { settings, seed });
  // SQLite's own parts, for tests that write rows or hooks directly.
  const { db, secret, campaignStore: campaigns, writer, webhookParts: webhooks } = storage;
  // As the server does: the writer thread is running before the first signature.
  writer.start();
  const campaign = campaigns.get(seed.slug)!;
  const logs: string[] = [];
  const app = createApp({
    storage,
    settings,
    secret,
    assets: {},
    demo: { slug: campaign.slug, organisation: ORGANISATION },
    log: (line) => logs.push(JSON.stringify(line)),
  });
  return {
    app,
    storage,
    db,
    file,
    campaigns,
    campaign,
    writer,
    webhooks,
    settings,
    secret,
    logs,
  };
}

let serial = 0;

/** A valid signature body with a unique email. */
export function validBody(extra: Record<string, unknown> = {}) {
  serial++;
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.${process.pid}.${serial}@example.org`,
    city: 'London',
    optIn: false,
    ...extra,
  };
}

/** POSTs a signature. */
export function sign(
  app: ReturnType<typeof makeApp>['app'],
  body: unknown,
  headers: Record<string, string> = {},
  slug = elSalvador.slug,
) {
  return app.request(`/api/campaigns/${slug}/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Rows in the signatures table. */
export function rowCount(db: ReturnType<typeof makeApp>['db'], where = '1'): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM signatures WHERE ${where}`).get() as { n: number })
    .n;
}

/** The admin CLI's output, caught in one list instead of printed (its `io` argument). */
export function silentIo() {
  const lines: string[] = [];
  const err = {
    write: (text: string) => {
      lines.push(text);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { lines, io: { out: (line: string) => lines.push(line), err } };
}

/**
 * Words a Salvadoran reader takes for Spain's Spanish: vosotros and its forms, and "añadir" and
 * the present perfect where Latin America says "agregar" and the preterite. Letters, not \b
 * (ASCII): "años" is not "os".
 */
export const SPAIN_ONLY =
  /(?<!\p{L})(vosotr[oa]s|vuestr[oa]s?|os|habéis|podéis|tenéis|añade|añadido|recogidas|he firmado|ha firmado|han firmado)(?!\p{L})/iu;

/**
 * Waits until the clock's minute has `ms` left at least. The rate limiter's minute is the clock's:
 * signatures across its end would count in two windows, and fewer be flagged than a test means.
 */
export function minuteWithRoom(ms: number): Promise<boolean> {
  return waitFor(() => Date.now() % 60_000 < 60_000 - ms, `${ms} ms left in the minute`, {
    timeout: ms + 5000,
    every: 100,
  });
}
