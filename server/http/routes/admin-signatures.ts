/**
 * Admin signature routes: keyset pages with filters, flag review, erasure, statistics and the two
 * CSV exports, over the storage interface. Mounted under the admin app, behind its key check.
 */
import { Hono } from 'hono';
import type { Storage } from '../../storage/storage.ts';
import { adminErasureRoutes, adminExportRoutes, adminFlagRoutes } from './admin-data.ts';
import { adminSignaturePageRoutes } from './admin-signature-pages.ts';
import { adminStatsRoutes } from './admin-stats.ts';
import type { AdminEnv } from './admin-request.ts';

/** What the signature routes read from. */
export type SignatureStores = Pick<
  Storage,
  'campaigns' | 'signaturePages' | 'exports' | 'stats' | 'erase' | 'decideFlag' | 'releaseFlagged'
>;

/** The signature routes. `secret` hashes a searched email as signing hashes it. */
export function adminSignatureRoutes(storage: SignatureStores, secret: Buffer) {
  const { campaigns, stats } = storage;
  const app = new Hono<AdminEnv>();

  app.route('/', adminSignaturePageRoutes(campaigns, storage.signaturePages, secret));
  app.route('/', adminExportRoutes(campaigns, storage.exports));

  app.route('/', adminStatsRoutes(campaigns, stats));

  app.route('/', adminFlagRoutes(campaigns, storage));
  app.route('/', adminErasureRoutes(campaigns, storage));
  return app;
}
