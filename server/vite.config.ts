/**
 * Builds the production server: server/main.ts and everything it imports from this repository
 * into one ES module, server/dist/main.js, run by plain `node` (no tsx, no TypeScript at start).
 * Packages from node_modules stay external: better-sqlite3 is a native addon, and the others are
 * installed beside it anyway. server/paths.ts finds the project root from server/dist/ too.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root,
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'node20',
    ssr: path.resolve(import.meta.dirname, 'main.ts'),
    minify: false,
    sourcemap: false,
    rollupOptions: {
      // Packages and node: built-ins load at run time; our files and the compiler's helpers (a
      // devDependency's, absent from a production install) are bundled.
      external: (id) =>
        !id.startsWith('.') &&
        !path.isAbsolute(id) &&
        !id.startsWith('\0') &&
        !id.startsWith('@oxc-project/runtime'),
      output: { format: 'es', entryFileNames: 'main.js' },
    },
  },
});
