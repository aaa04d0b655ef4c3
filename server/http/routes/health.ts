/**
 * Liveness and readiness.
 *
 * `/healthz` says the process is alive and its database file answers a read: restart it when
 * this fails. `/readyz` says whether to send it traffic: 503 while the storage refuses writes
 * (from a batch it refused until a write succeeds; it tries a small write itself at most once a
 * second, so a balancer that stops sending traffic still sees it recover) and while the server
 * drains for shutdown.
 */
import { Hono } from 'hono';
import type { Db } from '../../storage/sqlite/open.ts';
import type { SignatureWriter } from '../../storage/sqlite/signatures.ts';
import { RETRY_AFTER_SECONDS } from '../../storage/sqlite/faults.ts';
import { problemResponse } from '../problem.ts';

/** What shutdown tells the routes: true from SIGTERM on. */
export interface Lifecycle {
  draining: boolean;
}

/** /healthz and /readyz. */
export function healthRoutes(deps: { db: Db; writer: SignatureWriter; lifecycle: Lifecycle }) {
  const app = new Hono();
  const ping = deps.db.prepare('SELECT 1');

  app.get('/healthz', (c) => {
    ping.get();
    return c.json({ status: 'ok' });
  });

  app.get('/readyz', (c) => {
    const noStore = { 'Cache-Control': 'no-store' };
    if (deps.lifecycle.draining)
      return problemResponse(503, 'The server is shutting down.', undefined, noStore);
    if (!deps.writer.probe()) {
      return problemResponse(503, 'The database is refusing writes.', undefined, {
        ...noStore,
        'Retry-After': String(RETRY_AFTER_SECONDS),
      });
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ready' });
  });

  return app;
}
