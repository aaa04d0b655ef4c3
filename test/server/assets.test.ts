/** /widget.js and its second chunk: type, CORS, caching, ETag and compression. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createApp } from '../../server/http/app.ts';
import { makeAsset } from '../../server/http/assets.ts';
import { makeApp } from './helpers.ts';

const SOURCE = Buffer.from('(function(){console.log("widget")})();'.repeat(50));

/** The fixture app has no widget; this one has, over the same kind of database. */
function appWithWidget() {
  const fixture = makeApp();
  const widget = makeAsset(SOURCE, 'text/javascript; charset=utf-8');
  return { widget, app: createApp({ ...fixture, assets: { widget }, log: () => {} }) };
}

describe('GET /widget.js', () => {
  it('serves JavaScript, cross-origin, with an ETag and a short cache on the plain URL', async () => {
    const { app, widget } = appWithWidget();
    const response = await app.request('/widget.js');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('etag'), widget.etag);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.deepEqual(Buffer.from(await response.arrayBuffer()), SOURCE);
  });

  it('caches a versioned URL for a year', async () => {
    const { app, widget } = appWithWidget();
    const response = await app.request(`/widget.js?v=${widget.hash}`);
    assert.match(response.headers.get('cache-control')!, /max-age=31536000, immutable/);
    const stale = await app.request('/widget.js?v=oldhash');
    assert.equal(stale.headers.get('cache-control'), 'public, max-age=300');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const { app, widget } = appWithWidget();
    const response = await app.request('/widget.js', { headers: { 'if-none-match': widget.etag } });
    assert.equal(response.status, 304);
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  it('sends brotli or gzip when accepted', async () => {
    const { app } = appWithWidget();
    const br = await app.request('/widget.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    assert.equal(br.headers.get('content-encoding'), 'br');
    assert.match(br.headers.get('vary')!, /Accept-Encoding/);
    assert.deepEqual(brotliDecompressSync(Buffer.from(await br.arrayBuffer())), SOURCE);
    const gzip = await app.request('/widget.js', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers.get('content-encoding'), 'gzip');
    assert.deepEqual(gunzipSync(Buffer.from(await gzip.arrayBuffer())), SOURCE);
  });

  it('serves the second chunk the same way, for widget.js to import across origins', async () => {
    const fixture = makeApp();
    const widgetChunk = makeAsset(Buffer.from('export const a = 1;'), 'text/javascript');
    const app = createApp({ ...fixture, assets: { widgetChunk }, log: () => {} });
    const response = await app.request(`/widget-thanks.js?v=${widgetChunk.hash}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.match(response.headers.get('cache-control')!, /max-age=31536000, immutable/);
    assert.equal(await response.text(), 'export const a = 1;');
    assert.equal((await fixture.app.request('/widget-thanks.js')).status, 404);
  });

  it('404s with a hint when the widget is not built', async () => {
    const { app } = makeApp();
    const response = await app.request('/widget.js');
    assert.equal(response.status, 404);
    assert.match((await response.json()).detail, /npm run build/);
  });
});
