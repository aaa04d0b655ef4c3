/**
 * Storage fixtures for both engines: signature rows ready to write, and a fresh PostgreSQL
 * database per test file on the cluster `npm test` started (PETITION_TEST_PG, see
 * test/postgres.ts). Without that cluster the PostgreSQL tests are skipped with the reason.
 */
import { after } from 'node:test';
import pg from 'pg';
import type { StorageEngine } from '../../server/storage/storage.ts';
import type { SignatureRow } from '../../server/storage/signature-row.ts';

/** A valid row for the writer; `n` makes the person. */
export function signatureRow(
  campaignId: number,
  n: number,
  extra: Partial<SignatureRow> = {},
): SignatureRow {
  return {
    campaignId,
    emailHash: `hash-${n}`,
    firstName: 'A',
    lastName: 'B',
    email: `p${n}@example.org`,
    city: 'C',
    postalCode: null,
    country: null,
    optIn: 0,
    lang: 'en',
    consentHash: 'c',
    partner: null,
    partnerOptIn: 0,
    partnerConsentHash: null,
    partnerConsentLang: null,
    origin: null,
    referrer: null,
    utm: null,
    ipHash: null,
    flagged: null,
    createdAt: Date.now(),
    pending: 0,
    confirmedAt: null,
    showInRecent: 0,
    ...extra,
  };
}

/** The test cluster's superuser URL, or undefined when this run has no PostgreSQL. */
export const PG_URL = process.env.PETITION_TEST_PG;

/** For `it(..., { skip })`: why the PostgreSQL tests do not run, or false. */
export const pgSkip = PG_URL
  ? false
  : 'no PostgreSQL in this run (PETITION_TEST_PG unset; npm test starts one)';

/** The engines every storage test runs on, each with why it is skipped (or false). */
export const ENGINES: { engine: StorageEngine; skip: string | false }[] = [
  { engine: 'sqlite', skip: false },
  { engine: 'postgres', skip: pgSkip },
];

let serial = 0;
const made: string[] = [];

// Registered at the top level, so it runs when the whole file ends (an `after` called inside a
// hook would run when that hook's suite ends, under nodes still connected).
after(async () => {
  if (!made.length) return;
  const cleanup = new pg.Client({ connectionString: PG_URL });
  await cleanup.connect();
  for (const name of made) await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await cleanup.end();
});

/** A new, empty database on the test cluster; dropped when the test file ends. */
export async function freshPgDatabase(): Promise<string> {
  const name = `petition_${process.pid}_${++serial}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  made.push(name);
  const url = new URL(PG_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}
