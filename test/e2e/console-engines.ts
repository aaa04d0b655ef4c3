/**
 * The engines the console's browser tests run on. Every test that reads or writes storage
 * (totals, stats, signature pages, flags, keys, partners, webhooks, exports) runs on both; a test
 * of the page alone (CSP, keyboard, the embed builder) runs on SQLite only, so PostgreSQL adds
 * only what its engine could change. One server per engine per file.
 */
import type { StorageEngine } from '../../server/storage/storage.ts';
import { pgSkip } from '../fixtures/spawn-pg-server.ts';

/** Each engine, and why it is skipped here (or false). */
export const CONSOLE_ENGINES: { engine: StorageEngine; skip: string | false }[] = [
  { engine: 'sqlite', skip: false },
  { engine: 'postgres', skip: pgSkip },
];
