/**
 * The console's routes: the page with its strict CSP, its hashed assets cached for good, a clear
 * 404 when it is not built, and nothing served from outside its folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Hono } from 'hono';
import { problemResponse, ProblemError } from '../../server/problem.ts';
import { CONSOLE_CSP, consoleRoutes, loadConsole } from '../../server/routes/console.ts';

function appWith(dir: string | null) {
  const app = new Hono();
  app.route('/', consoleRoutes(dir ? loadConsole(dir) : undefined));
  app.onError((error) => {
    if (error instanceof ProblemError) return problemResponse(error.status, error.detail);
    throw error;
  });
  return app;
}

describe('GET /admin', () => {
  it('serves the built page with its CSP and its hashed assets for a year', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-console-route-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Console</title>');
    fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'not served');
    const app = appWith(dir);
    const page = await app.request('/admin');
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-security-policy'), CONSOLE_CSP);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const script = await app.request('/admin/assets/index-abc123.js');
    assert.equal(script.status, 200);
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.match(script.headers.get('cache-control') ?? '', /immutable/);
    assert.equal((await app.request('/admin/assets/..%2Fsecret.txt')).status, 404);
    assert.equal((await app.request('/admin/assets/nope.js')).status, 404);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('says how to build it when it is not built', async () => {
    const response = await appWith(null).request('/admin');
    assert.equal(response.status, 404);
    assert.equal(
      (await response.json()).detail,
      'The admin console is not built: run npm run build.',
    );
  });
});
