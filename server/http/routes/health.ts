/**
 * Liveness and readiness, over the storage interface.
 *
 * `/healthz` says the process is alive and its database answers a read: restart it when this
 * fails. `/readyz` says whether to send it traffic: 503 while the storage refuses writes (SQLite:
 * from a batch it refused until a write succeeds, trying a small write itself at most once a
 * second, so a balancer that stops sending traffic still sees it recover; PostgreSQL: while the
 * database does not answer) and while the server drains for shutdown.
 */
import { Hono } from 'hono';
import type { Storage } from '../../storage/storage.ts';
import { RETRY_AFTER_SECONDS } from '../../storage/faults.ts';
import type { Lifecycle } from '../app-deps.ts';
import { problemResponse } from '../problem.ts';

/** /healthz and /readyz. */
export function healthRoutes(deps: {
  storage: Pick<Storage, 'ping' | 'ready'>;
  lifecycle: Lifecycle;
}) {
  const { storage } = deps;
  const app = new Hono();

  app.get('/healthz', async (c) => {
    try {
      await storage.ping();
    } catch {
      // The database, not this code, is at fault: 503, never a 500 (and never its message).
      return problemResponse(503, 'The database does not answer.', undefined, {
        'Cache-Control': 'no-store',
        'Retry-After': String(RETRY_AFTER_SECONDS),
      });
    }
    return c.json({ status: 'ok' });
  });

  app.get('/readyz', async (c) => {
    const noStore = { 'Cache-Control': 'no-store' };
    if (deps.lifecycle.draining)
      return problemResponse(503, 'The server is shutting down.', undefined, noStore);
    if (!(await storage.ready())) {
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
