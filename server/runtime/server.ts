/**
 * Starting and stopping the whole server, on either engine: open and migrate the database the
 * settings choose (open-storage.ts), build the one app over it, listen; on stop, drain and close
 * the listener (shutdown.ts), let in-flight requests finish until the PETITION_SHUTDOWN_MS
 * deadline, finish the last batch, close the database. main.ts calls it with the environment;
 * benchmarks and tests call it too.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { readSeed } from '../campaigns/seed.ts';
import type { Lifecycle } from '../http/app-deps.ts';
import { requestLog } from '../http/app-deps.ts';
import { createApp } from '../http/app.ts';
import { loadAsset } from '../http/assets.ts';
import { serveCounterFast } from '../http/counter-fast-path.ts';
import { hostlessProbes } from '../http/hostless-probe.ts';
import { loadConsole } from '../http/routes/console.ts';
import { createWebhookWorker } from '../webhooks/webhooks.ts';
import type { Settings } from '../config/settings.ts';
import { openServerStorage } from './open-storage.ts';
import { CONSOLE_DIR, SEED_FILE, WIDGET_CHUNK_FILE, WIDGET_FILE } from '../config/paths.ts';
import { gracefulShutdown } from './shutdown.ts';
import { every } from './timers.ts';
import { mailProblem, startMail } from './mail.ts';
import { findPackFonts, fontWarning } from '../delivery/pack-fonts.ts';
import { startRetention } from './retention.ts';

/** A running server. */
export interface Running {
  url: string;
  port: number;
  stop: () => Promise<void>;
}

/** Opens everything and listens; resolves once the port is bound. */
export async function startServer(settings: Settings): Promise<Running> {
  const log = requestLog(settings);
  // The demo's campaign is data (campaigns/seed.ts): without the file there is no demo.
  const seed = readSeed(SEED_FILE);
  const { storage, secret } = await openServerStorage(settings, log, seed?.campaign);
  const refused = mailProblem(settings, storage.campaigns.list());
  if (refused) {
    await storage.close();
    throw new Error(refused);
  }
  const fonts = fontWarning(findPackFonts(settings.PETITION_FONT_DIR));
  if (fonts) console.warn(fonts);
  let stopMail = async () => {};
  const lifecycle: Lifecycle = { draining: false };
  const app = createApp({
    storage,
    settings,
    secret,
    lifecycle,
    log,
    assets: {
      widget: loadAsset(WIDGET_FILE, 'text/javascript; charset=utf-8'),
      widgetChunk: loadAsset(WIDGET_CHUNK_FILE, 'text/javascript; charset=utf-8'),
      console: loadConsole(CONSOLE_DIR),
    },
    demo: seed && { slug: seed.campaign.slug, organisation: seed.organisation },
  });
  const worker = createWebhookWorker(storage.webhooks, settings, log, secret);
  const stopExpiry = every(
    60 * 60 * 1000,
    'expire-keys',
    () => storage.signatures.expireKeys(),
    log,
  );
  // Another process (the admin CLI beside a SQLite server) may change campaigns; the public
  // routes serve from memory, so they look for its commits every second (on SQLite one PRAGMA
  // data_version when there were none; PostgreSQL nodes are told by NOTIFY and do nothing here).
  const stopRefresh = every(1000, 'sync-campaigns', () => storage.refresh(), log);
  const stopRetention = startRetention(storage, log);

  // Counter reads are answered before a web Request is built (counter-fast-path.ts); health
  // checks without a Host get a stand-in one (hostless-probe.ts); the rest goes to Hono through
  // @hono/node-server's listener.
  const toHono = getRequestListener(app.fetch);
  const probe = hostlessProbes(app.fetch);
  const shutdown = gracefulShutdown(lifecycle, (request, response) => {
    if (serveCounterFast(storage.campaigns, log, request, response)) return;
    if (!probe(request, response)) void toHono(request, response);
  });
  const server = createServer(
    // A client that trickles its headers or body is cut off instead of holding a socket.
    { headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000 },
    shutdown.handler,
  );

  const stop = async (server: Server) => {
    // In-flight deliveries are aborted and stay pending: they go again after the restart.
    await worker.stop();
    await stopMail();
    await shutdown.stop(server, settings.PETITION_SHUTDOWN_MS);
    stopExpiry();
    stopRefresh();
    stopRetention();
    await storage.close();
  };

  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      stopExpiry();
      stopRefresh();
      stopRetention();
      void storage.close().finally(() => reject(error));
    };
    server.once('error', onError);
    server.listen(settings.PORT, settings.HOST, () => {
      server.off('error', onError);
      // Pending deliveries a previous run left (a crash, a restart) go out now.
      worker.start();
      const info = server.address() as AddressInfo;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      const url = `http://${host}:${info.port}`;
      // Mails left pending go out too; links point at PETITION_PUBLIC_URL, or here on loopback.
      stopMail = startMail(storage, settings, url, log);
      resolve({ url, port: info.port, stop: () => stop(server) });
    });
  });
}
