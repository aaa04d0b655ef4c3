/**
 * One walk over the server's imports, for the tests that hold its floors apart (layers.test.ts)
 * and keep the wire contract free of dependencies (contract.test.ts): every module under a
 * folder, and what each imports in any form (`import`, `export ... from`, `import type`,
 * `typeof import()`, `require`).
 */
import fs from 'node:fs';
import path from 'node:path';

/** The repository's root. */
export const REPO = path.join(import.meta.dirname, '..', '..');

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;

/** Every TypeScript or JavaScript module under `dir`, recursively (built output excluded). */
export function modules(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' ? [] : modules(file);
    return /\.[cm]?[jt]s$/.test(entry.name) ? [file] : [];
  });
}

/** What `source` imports, as written. */
export function specifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map(([, , specifier]) => specifier);
}

/** A relative specifier as the file it names (absolute); anything else as written. */
export function resolveImport(file: string, specifier: string): string {
  return specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : specifier;
}
