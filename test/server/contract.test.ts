/**
 * The wire contract stays importable by the widget: no file under server/contract/ imports a
 * `node:` module or anything outside server/contract/ but zod, in any form (`import`, `export
 * ... from`, `import type`, `typeof import()`, `require`).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { modules, REPO, resolveImport, specifiers } from './import-walk.ts';

const CONTRACT = path.join(REPO, 'server', 'contract');

/** What a file imports that the contract may not: a `node:` module, a package, a path outside. */
function strayImports(file: string, source: string): string[] {
  const stray: string[] = [];
  for (const specifier of specifiers(source)) {
    if (specifier === 'zod' || specifier.startsWith('zod/')) continue;
    const inside =
      specifier.startsWith('.') && resolveImport(file, specifier).startsWith(CONTRACT + path.sep);
    if (!inside) stray.push(specifier);
  }
  return stray;
}

describe('the wire contract', () => {
  const files = modules(CONTRACT).map((file) => path.relative(CONTRACT, file));

  it('has modules to check', () => {
    assert.ok(files.includes('public.ts') && files.includes('admin.ts'), files.join(', '));
  });

  it('imports only zod and itself', () => {
    for (const name of files) {
      const file = path.join(CONTRACT, name);
      assert.deepEqual(strayImports(file, fs.readFileSync(file, 'utf8')), [], name);
    }
  });

  it('would see each kind of stray import', () => {
    const file = path.join(CONTRACT, 'x.ts');
    const source = [
      "import { createHash } from 'node:crypto';",
      "import type { Settings } from '../config/settings.ts';",
      "export { LANGUAGES } from '../i18n/languages.ts';",
      "type E = typeof import('../i18n/en.json');",
      "import 'hono';",
      "import * as z from 'zod';",
      "import { LIMITS } from './public.ts';",
    ].join('\n');
    assert.deepEqual(strayImports(file, source), [
      'node:crypto',
      '../config/settings.ts',
      '../i18n/languages.ts',
      '../i18n/en.json',
      'hono',
    ]);
  });
});
