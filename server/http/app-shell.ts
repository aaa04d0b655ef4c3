/**
 * Around the routes: the request log and security headers, cross-origin reads, the API reference,
 * the widget file, the demo page, 404s and the one error handler (503 + Retry-After when the
 * storage refuses a write). http/app.ts mounts the routes in between.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { renderDemoPage } from './demo-page.ts';
import type { Storage } from '../storage/storage.ts';
import type { AppDeps } from './app-deps.ts';
import type { Asset } from './assets.ts';
import { serveAsset } from './assets.ts';
import { API_CSP, SECURITY_HEADERS } from './counter-fast-path.ts';
import { isStorageFault, RETRY_AFTER_SECONDS, StorageUnavailable } from '../storage/faults.ts';
import { docsRoutes } from '../openapi/page.ts';
import { logTime } from './log-lines.ts';
import { ProblemError, problemResponse } from './problem.ts';

/** What the shell needs. */
export type ShellDeps = Pick<AppDeps, 'demo' | 'log'> & {
  storage: Pick<Storage, 'campaigns'>;
  assets: { widget?: Asset; widgetChunk?: Asset };
};

const PAGE_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "style-src 'self' 'unsafe-inline'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** Builds an app: the shared middleware, then `mount` adds the engine's routes, then the rest. */
export function createShell(deps: ShellDeps, mount: (app: Hono) => void): Hono {
  const app = new Hono();

  // One structured line a request: method, route pattern, status, time. Never a body, a query
  // string, a name, an email or an IP.
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    // Set on the response's own headers: c.header() after next() rebuilds a finished response
    // around a web ReadableStream at each call, which costs more than the counter read itself.
    const headers = c.res.headers;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
    // A route that sets its own policy (the API reference page) keeps it.
    if (c.req.path.startsWith('/api/') && !headers.has('Content-Security-Policy')) {
      headers.set('Content-Security-Policy', API_CSP);
    }
    deps.log({
      time: logTime(),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 100) / 100,
    });
  });

  // Public reads answer any origin (signing sets its own, per campaign).
  app.use('/api/campaigns/*', async (c, next) => {
    await next();
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      c.res.headers.set('Access-Control-Allow-Origin', '*');
      c.res.headers.set('Access-Control-Expose-Headers', 'ETag');
    }
  });

  mount(app);
  app.route('/api', docsRoutes());

  // widget.js and its second chunk, which widget.js imports as a module: cross-origin, so CORS.
  const script = (asset: () => Asset | undefined) => (c: Context) => {
    const file = asset();
    if (!file) throw new ProblemError(404, 'The widget is not built: run npm run build.');
    c.header('Access-Control-Allow-Origin', '*');
    // A versioned URL (?v=<hash>) never changes; the plain one may, so it is cached briefly.
    const versioned = c.req.query('v') === file.hash;
    return serveAsset(
      c,
      file,
      versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    );
  };
  app.get(
    '/widget.js',
    script(() => deps.assets.widget),
  );
  app.get(
    '/widget-thanks.js',
    script(() => deps.assets.widgetChunk),
  );

  app.get('/', (c) => {
    const campaign = deps.demo && deps.storage.campaigns.get(deps.demo.slug);
    if (!campaign || !deps.demo) throw new ProblemError(404, 'No demo campaign here.');
    c.header('Content-Security-Policy', PAGE_CSP);
    c.header('Cache-Control', 'no-cache');
    return c.html(renderDemoPage(campaign, deps.demo.organisation, c.req.query('lang')));
  });

  app.notFound(() => problemResponse(404, 'No such resource.'));

  app.onError((error, c) => {
    if (error instanceof ProblemError) {
      return problemResponse(error.status, error.detail, error.errors, {
        ...error.headers,
        ...Object.fromEntries(c.res.headers),
      });
    }
    // The message may hold input; log only the error's kind.
    const code = (error as { code?: string }).code;
    deps.log({
      time: new Date().toISOString(),
      level: 'error',
      route: c.req.routePath,
      error: error.name,
      code,
    });
    if (error instanceof StorageUnavailable || isStorageFault(error)) {
      // Nothing was written: the widget retries with the same Idempotency-Key.
      return problemResponse(
        503,
        'The server cannot store this right now; please try again shortly.',
        undefined,
        {
          ...Object.fromEntries(c.res.headers),
          'Retry-After': String(RETRY_AFTER_SECONDS),
          // A widget on a partner's page reads it across origins only when it is exposed.
          'Access-Control-Expose-Headers': 'Retry-After',
        },
      );
    }
    return problemResponse(500, 'Something went wrong on our side; please try again.');
  });

  return app;
}
