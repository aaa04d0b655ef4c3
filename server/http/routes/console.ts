/**
 * The admin console at `GET /admin`: its page and its hashed script and stylesheet, built by
 * server/console/vite.config.ts into server/console/dist/ and served from memory. The console is
 * a client of the public admin API and has no route of its own besides these files, and the
 * download worker (console/download-worker.ts), which streams exports to disk from the same API.
 *
 * Its CSP allows scripts, styles and requests from this origin only: no CDN, no inline script
 * or style, no framing (a key is pasted into this page).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import type { Asset } from '../assets.ts';
import { loadAsset, serveAsset } from '../assets.ts';
import { ProblemError } from '../problem.ts';

/** The console's CSP. */
export const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The built console: its page, its assets by file name and its download worker. */
export interface ConsoleFiles {
  page: Asset;
  assets: Map<string, Asset>;
  worker?: Asset;
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Reads the built console, or undefined when it is not built. */
export function loadConsole(dir: string): ConsoleFiles | undefined {
  const page = loadAsset(path.join(dir, 'index.html'), 'text/html; charset=utf-8');
  if (!page) return undefined;
  const assets = new Map<string, Asset>();
  const assetDir = path.join(dir, 'assets');
  for (const name of fs.existsSync(assetDir) ? fs.readdirSync(assetDir) : []) {
    const type = TYPES[path.extname(name)];
    const asset = type && loadAsset(path.join(assetDir, name), type);
    if (asset) assets.set(name, asset);
  }
  return { page, assets, worker: loadAsset(path.join(dir, 'download-worker.js'), TYPES['.js']) };
}

/** The console's routes, mounted at the root. */
export function consoleRoutes(files: ConsoleFiles | undefined) {
  const app = new Hono();
  const built = () => {
    if (!files) throw new ProblemError(404, 'The admin console is not built: run npm run build.');
    return files;
  };

  app.get('/admin', (c) => {
    c.header('Content-Security-Policy', CONSOLE_CSP);
    // The page names its assets by hash: it is checked on each visit, they are kept for good.
    return serveAsset(c, built().page, 'no-cache');
  });

  // At a fixed URL, checked on each registration; its CSP governs what the worker may fetch.
  app.get('/admin/download-worker.js', (c) => {
    const worker = built().worker;
    if (!worker) throw new ProblemError(404, 'No such resource.');
    c.header('Content-Security-Policy', CONSOLE_CSP);
    return serveAsset(c, worker, 'no-cache');
  });

  // A one-time download URL is answered by the worker; one that reaches the server was not (no
  // worker yet): 204 leaves the console where it is, and it says the download did not start.
  app.get('/admin/download/:id', (c) => c.body(null, 204));

  app.get('/admin/assets/:name', (c) => {
    const asset = built().assets.get(c.req.param('name'));
    if (!asset) throw new ProblemError(404, 'No such resource.');
    return serveAsset(c, asset, 'public, max-age=31536000, immutable');
  });
  return app;
}
