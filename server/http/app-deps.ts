/**
 * What the app and its routes are built from, in a module of its own so that routes import their
 * dependencies, never the app that mounts them. The storage is the interface
 * (storage/storage.ts): the runtime opens an engine and hands it over; nothing here knows which.
 */
import type { Settings } from '../config/settings.ts';
import type { Storage } from '../storage/storage.ts';
import type { Asset } from './assets.ts';
import { stdoutLines } from './log-lines.ts';
import type { DemoPage } from './demo-page.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { ConsoleFiles } from './routes/console.ts';

/** What shutdown tells the routes: true from SIGTERM on. */
export interface Lifecycle {
  draining: boolean;
}

/** One structured log line. */
export type Log = (line: Record<string, unknown>) => void;

/** What the app is built from. */
export interface AppDeps {
  storage: Storage;
  settings: Settings;
  /** The server secret: form tokens, the keyed hashes of emails and addresses. */
  secret: Buffer;
  signLimiter: RateLimiter;
  assets: { widget?: Asset; widgetChunk?: Asset; console?: ConsoleFiles };
  /** The campaign the demo page at `/` shows, when there is one. */
  demo?: DemoPage;
  log: Log;
  /** Set by shutdown: /readyz answers 503 while the server drains. */
  lifecycle: Lifecycle;
}

/**
 * The request log: one JSON line a request on stdout, written once a turn of the event loop
 * (log-lines.ts), or nothing when PETITION_LOG=off.
 */
export function requestLog(settings: Settings): Log {
  if (settings.PETITION_LOG !== 'on') return () => {};
  const lines = stdoutLines();
  return (line) => lines.add(`${JSON.stringify(line)}\n`);
}
