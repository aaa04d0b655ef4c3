/**
 * Starting and stopping the whole server: open and migrate the database, build the app, listen;
 * on stop, drain and close the listener (server/shutdown.ts), let in-flight requests finish until
 * the PETITION_SHUTDOWN_MS deadline, flush the last batch, close the database. main.ts calls it
 * with the environment; benchmarks call it too.
 */
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { elSalvador } from '../../demo/el-salvador.ts';
import { createApp, requestLog } from '../http/app.ts';
import { serveCounterFast } from '../http/counter-fast-path.ts';
import { loadAsset } from '../http/assets.ts';
import type { SqliteStorage } from '../storage/sqlite/index.ts';
import { openSqliteStorage } from '../storage/sqlite/index.ts';
import type { Settings } from './env.ts';
import { startPgServer } from './server-postgres.ts';
import { CONSOLE_DIR, WIDGET_FILE } from './paths.ts';
import { loadConsole } from '../http/routes/console.ts';
import type { Lifecycle } from '../http/routes/health.ts';
import { gracefulShutdown } from './shutdown.ts';
import { every } from './timers.ts';
import { createWebhookWorker } from '../webhooks/webhooks.ts';

/** A running server. */
export interface Running {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** Opens everything and listens; resolves once the port is bound. */
export function startServer(settings: Settings): Promise<Running> {
  if (settings.DATABASE_URL)
    return startPgServer({ ...settings, DATABASE_URL: settings.DATABASE_URL });
  const log = requestLog(settings);
  let storage: SqliteStorage;
  try {
    storage = openSqliteStorage(settings.DATABASE_PATH, {
      settings,
      log,
      seed: settings.PETITION_SEED === 'on' ? elSalvador : undefined,
    });
  } catch (error) {
    return Promise.reject(error);
  }
  const { campaignStore: campaigns, writer } = storage;
  const worker = createWebhookWorker(storage.webhooks, settings, log);
  const lifecycle: Lifecycle = { draining: false };
  const app = createApp({
    lifecycle,
    log,
    storage,
    settings,
    secret: storage.secret,
    assets: {
      widget: loadAsset(WIDGET_FILE, 'text/javascript; charset=utf-8'),
      console: loadConsole(CONSOLE_DIR),
    },
    demoSlug: elSalvador.slug,
  });
  const stopExpiry = every(60 * 60 * 1000, 'expire-keys', () => writer.expireKeys(), log);
  // The admin CLI writes through its own connection; the public routes serve from memory, so they
  // look for its commits every second (one PRAGMA data_version when there were none).
  const stopSync = every(1000, 'sync-campaigns', () => campaigns.syncExternalChanges(), log);

  // Counter reads are answered before a web Request is built (server/counter.ts); the rest goes
  // to Hono through @hono/node-server's listener.
  const toHono = getRequestListener(app.fetch);
  const shutdown = gracefulShutdown(lifecycle, (request, response) => {
    if (!serveCounterFast(campaigns, log, request, response)) void toHono(request, response);
  });
  const server = createServer(
    // A client that trickles its headers or body is cut off instead of holding a socket.
    { headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000 },
    shutdown.handler,
  );

  const stop = async (server: Server) => {
    // In-flight deliveries are aborted and stay pending: they go again after the restart.
    await worker.stop();
    await shutdown.stop(server, settings.PETITION_SHUTDOWN_MS);
    stopExpiry();
    stopSync();
    await storage.close();
  };

  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      void storage.close();
      reject(error);
    };
    server.once('error', onError);
    server.listen(settings.PORT, settings.HOST, () => {
      server.off('error', onError);
      // Pending deliveries a previous run left (a crash, a restart) go out now.
      worker.start();
      const info = server.address() as AddressInfo;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ url: `http://${host}:${info.port}`, port: info.port, stop: () => stop(server) });
    });
  });
}
