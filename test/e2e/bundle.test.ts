/** The built widget.js: within budget as served, a classic script, no zod, no undecorated decorators. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { WIDGET_FILE } from '../../server/config/paths.ts';
import { WIDGET_BUDGET, servedSizes } from '../../widget/vite.config.ts';

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
