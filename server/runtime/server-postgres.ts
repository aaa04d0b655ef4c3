/**
 * Starting one stateless API node on PostgreSQL (DATABASE_URL): migrate (once across nodes), load
 * the campaigns and listen for other nodes' changes, build the app, listen; on stop, drain like
 * the SQLite server (shutdown.ts), finish the last batch, close the pool.
 *
 * The secret must come from PETITION_SECRET, the same on every node: there is no file beside a
 * database here. Its fingerprint is kept in the database, so a node started with another secret
 * refuses to start instead of silently breaking dedupe.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { elSalvador } from '../../demo/el-salvador.ts';
import { createApp, requestLog } from '../http/app.ts';
import { loadAsset } from '../http/assets.ts';
import { serveCounterFast } from '../http/counter-fast-path.ts';
import type { Settings } from './env.ts';
import { CONSOLE_DIR, WIDGET_FILE } from './paths.ts';
import { loadConsole } from '../http/routes/console.ts';
import type { Lifecycle } from '../http/routes/health.ts';
import { secretFingerprint } from '../secrets/secret-file.ts';
import type { Running } from './server.ts';
import { gracefulShutdown } from './shutdown.ts';
import { CampaignTaken } from '../storage/storage.ts';
import type { PgStorage } from '../storage/postgres/index.ts';
import { openPgStorage } from '../storage/postgres/index.ts';
import { every } from './timers.ts';

/** Checks the secret against the database's fingerprint, recording it the first time. */
async function checkSecret(storage: PgStorage, secret: Buffer): Promise<void> {
  const fingerprint = secretFingerprint(secret);
  await storage.pool.query(
    "INSERT INTO settings (key, value) VALUES ('secret_fingerprint', $1) ON CONFLICT (key) DO NOTHING",
    [fingerprint],
  );
  const { rows } = await storage.pool.query(
    "SELECT value FROM settings WHERE key = 'secret_fingerprint'",
  );
  if (rows[0].value !== fingerprint) {
    throw new Error(
      'PETITION_SECRET is not the secret this database was made with, so dedupe and erasure search ' +
        'would silently stop matching: put the old secret back.',
    );
  }
}

/** Opens everything and listens; resolves once the port is bound. */
export async function startPgServer(
  settings: Settings & { DATABASE_URL: string },
): Promise<Running> {
  if (!settings.PETITION_SECRET) {
    throw new Error(
      'PETITION_SECRET is required with DATABASE_URL: every node must hash with the same secret.',
    );
  }
  const secret = Buffer.from(settings.PETITION_SECRET, 'utf8');
  const storage = await openPgStorage(settings.DATABASE_URL, {
    maxBatch: settings.PETITION_MAX_BATCH,
  });
  try {
    await checkSecret(storage, secret);
    if (settings.PETITION_SEED === 'on' && !storage.campaigns.get(elSalvador.slug)) {
      // Two nodes starting together may both try: the unique slug lets one win.
      await storage.campaigns.create(elSalvador).catch((error) => {
        if (!(error instanceof CampaignTaken)) throw error;
      });
    }
  } catch (error) {
    await storage.close();
    throw error;
  }
  const log = requestLog(settings);
  const lifecycle: Lifecycle = { draining: false };
  const app = createApp({
    storage,
    settings,
    secret,
    lifecycle,
    log,
    assets: {
      widget: loadAsset(WIDGET_FILE, 'text/javascript; charset=utf-8'),
      console: loadConsole(CONSOLE_DIR),
    },
    demoSlug: elSalvador.slug,
  });
  const stopExpiry = every(
    60 * 60 * 1000,
    'expire-keys',
    () => void storage.signatures.expireKeys().catch(() => {}),
    log,
  );
  const toHono = getRequestListener(app.fetch);
  const shutdown = gracefulShutdown(lifecycle, (request, response) => {
    if (!serveCounterFast(storage.campaigns, log, request, response))
      void toHono(request, response);
  });
  const server = createServer(
    { headersTimeout: 10_000, requestTimeout: 15_000, keepAliveTimeout: 5_000 },
    shutdown.handler,
  );

  const stop = async (server: Server) => {
    await shutdown.stop(server, settings.PETITION_SHUTDOWN_MS);
    stopExpiry();
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
      const info = server.address() as AddressInfo;
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({ url: `http://${host}:${info.port}`, port: info.port, stop: () => stop(server) });
    });
  });
}
