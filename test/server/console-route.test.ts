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
import { problemResponse, ProblemError } from '../../server/http/problem.ts';
import { CONSOLE_CSP, consoleRoutes, loadConsole } from '../../server/http/routes/console.ts';

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
    assert.equal((await app.request('/admin/download-worker.js')).status, 404, 'not built: none');
    assert.equal((await app.request('/admin/assets/..%2Fsecret.txt')).status, 404);
    assert.equal((await app.request('/admin/assets/nope.js')).status, 404);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the download worker at its fixed URL with the CSP, checked on each registration', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-console-route-'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Console</title>');
    fs.writeFileSync(
      path.join(dir, 'download-worker.js'),
      'self.addEventListener("fetch", () => {})',
    );
    const worker = await appWith(dir).request('/admin/download-worker.js');
    assert.equal(worker.status, 200);
    assert.match(worker.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(worker.headers.get('content-security-policy'), CONSOLE_CSP);
    assert.equal(worker.headers.get('cache-control'), 'no-cache');
    // A download URL the worker did not answer: nothing, so the console page stays where it is.
    assert.equal(
      (await appWith(dir).request('/admin/download/0f9e2c1a-8b7d-4e6f-a5b4-c3d2e1f0a9b8')).status,
      204,
    );
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
