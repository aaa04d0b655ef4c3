/** The built widget.js: within budget, a classic script, no zod, no undecorated decorators. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { WIDGET_FILE } from '../../server/runtime/paths.ts';
import { WIDGET_BUDGET_GZIP } from '../../widget/vite.config.ts';

describe('widget.js', () => {
  const code = fs.readFileSync(WIDGET_FILE, 'utf8');

  it(`is at most ${WIDGET_BUDGET_GZIP} bytes gzip`, () => {
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(`widget.js: ${code.length} B raw, ${gzip} B gzip`);
    assert.ok(gzip <= WIDGET_BUDGET_GZIP, `${gzip} B gzip is over the budget`);
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
