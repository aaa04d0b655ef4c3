/**
 * The built widget.js: within budget as served, a classic script, no zod, no undecorated
 * decorators; its second chunk within its own budget, a module with no Lit of its own, imported
 * by the versioned path of the chunk as built.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { WIDGET_CHUNK_FILE, WIDGET_FILE } from '../../server/config/paths.ts';
import { makeAsset } from '../../server/http/assets.ts';
import { CHUNK_BUDGET, WIDGET_BUDGET, servedSizes } from '../../widget/vite.config.ts';

describe('widget.js', () => {
  const code = fs.readFileSync(WIDGET_FILE, 'utf8');

  it(`is at most ${WIDGET_BUDGET.gzip} B gzip and ${WIDGET_BUDGET.brotli} B brotli as served`, () => {
    const { raw, gzip, brotli } = servedSizes(Buffer.from(code));
    console.log(`widget.js as served: ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli`);
    assert.ok(gzip <= WIDGET_BUDGET.gzip, `${gzip} B gzip is over the budget`);
    assert.ok(brotli <= WIDGET_BUDGET.brotli, `${brotli} B brotli is over the budget`);
  });

  it('holds LitElement itself, not a replacement', () => {
    // LitElement's own marker on its class (lit-element.ts: `LitElement['_$litElement$'] = true`).
    assert.ok(code.includes('_$litElement$'), 'no LitElement in the bundle');
  });

  it('parses as a classic script (no import/export, no leftover decorators)', () => {
    assert.doesNotThrow(() => new vm.Script(code));
    assert.ok(!/\baccessor\s+\w+/.test(code), 'standard decorator accessors left in the bundle');
  });

  it('does not carry zod or Lit dev mode', () => {
    assert.ok(!code.includes('ZodError') && !code.includes('_zod'), 'zod is in the bundle');
    assert.ok(!code.includes('Lit is in dev mode'), 'development Lit is in the bundle');
  });
});

describe('widget-thanks.js, the second chunk', () => {
  const code = fs.readFileSync(WIDGET_CHUNK_FILE, 'utf8');

  it(`is at most ${CHUNK_BUDGET.gzip} B gzip and ${CHUNK_BUDGET.brotli} B brotli as served`, () => {
    const { raw, gzip, brotli } = servedSizes(Buffer.from(code));
    console.log(`widget-thanks.js as served: ${raw} B raw, ${gzip} B gzip, ${brotli} B brotli`);
    assert.ok(gzip <= CHUNK_BUDGET.gzip && brotli <= CHUNK_BUDGET.brotli, 'over its budget');
  });

  it('is a module that imports nothing and carries no Lit (widget.js lends it html)', () => {
    assert.match(code, /\bexport\s*\{/);
    assert.ok(!/\bimport\b/.test(code), 'an import in the chunk');
    assert.ok(!code.includes('_$litElement$') && !code.includes('lit-html'), 'Lit in the chunk');
  });

  it('is what widget.js imports, by its hash', () => {
    const widget = fs.readFileSync(WIDGET_FILE, 'utf8');
    const { hash } = makeAsset(Buffer.from(code), 'text/javascript');
    assert.ok(widget.includes(`/widget-thanks.js?v=${hash}`), 'widget.js names another chunk');
  });
});
