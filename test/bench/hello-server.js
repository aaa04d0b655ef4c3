/**
 * The baseline: a bare Hono "hello world" on @hono/node-server, in its own process. Plain
 * JavaScript so that, like the production bundle, it runs on plain `node` (tsx's loader hooks
 * would tax the baseline). Prints `listening on <url>` once bound; SIGTERM stops it.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/', (c) => c.text('Hello Hono!'));

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on http://127.0.0.1:${info.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
