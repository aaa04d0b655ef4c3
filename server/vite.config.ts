/**
 * Builds the production server: server/main.ts and everything it imports from this repository
 * into ES modules in server/dist/: main.js, run by plain `node` (no tsx, no TypeScript at start),
 * signature-worker.js, the writer thread it starts, and admin.js, the command line (`node
 * server/dist/admin.js`, what the tests run: a command starts in a fraction of the time tsx takes
 * to compile the server's sources at every start).
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
    ssr: true,
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
      // The signature writer's thread is an entry of its own (server/storage/sqlite/signatures.ts
      // starts dist/signature-worker.js); what both share goes to chunks beside them.
      input: {
        main: path.resolve(import.meta.dirname, 'main.ts'),
        'signature-worker': path.resolve(import.meta.dirname, 'storage/sqlite/signature-worker.ts'),
        admin: path.resolve(import.meta.dirname, 'cli/admin.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
