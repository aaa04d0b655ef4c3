/**
 * Builds the admin console (served at /admin) into server/console/dist/: index.html, one script
 * and one stylesheet with hashed names, and the download worker at a fixed name. Its own bundle, never part of widget.js. Prints the sizes
 * as the widget's build does and fails over its budget, so the console stays small.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import path from 'node:path';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * The budget for the console's first load (script, stylesheet and download worker), gzip bytes;
 * chunks loaded later by a view (the Places map) are reported apart. 24 KB
 * until issue 25 (24,360 B then), whose fixes measured 27,855 B after taking 773 B back (static
 * properties instead of decorators, one define helper): drafts kept per language and the question
 * before leaving them, refused fields marked where they are, the server's languages and their
 * direction, partner editing and choosing, flag decisions and audit sentences in words. Half a KB
 * more for email confirmation (issue 19: the campaign's verification and sender, its figures, the
 * chart's pending bars, the development outbox), 28,795 B when it came. Half a KB more for issue 24
 * (the goal card, fixed or moving, with the goals reached): 29,283 B when it came.
 */
export const CONSOLE_BUDGET_GZIP = 29 * 1024 + 512;

function reportSize(): Plugin {
  return {
    name: 'report-console-size',
    generateBundle(_options, bundle) {
      // The first load: the entries, what they import statically, the stylesheet and the worker.
      // The Places map (an entry its view imports by URL) loads when that view opens.
      const firstLoad = new Set<string>();
      const reach = (name: string) => {
        const file = bundle[name];
        if (firstLoad.has(name) || !file) return;
        firstLoad.add(name);
        if (file.type === 'chunk') for (const imported of file.imports) reach(imported);
      };
      for (const file of Object.values(bundle))
        if (file.type === 'asset' || (file.isEntry && file.name !== 'places-map'))
          reach(file.fileName);
      let total = 0;
      let lazy = 0;
      for (const file of Object.values(bundle)) {
        if (file.fileName.endsWith('.html')) continue;
        // Minified code keeps line breaks only inside template literals: Lit's html, where an
        // indented line break renders as one space, and strings like '\n', which the minifier
        // writes as a bare line break in backticks and which must stay (so: indented ones only).
        if (file.type === 'chunk') file.code = file.code.replace(/\n[ \t]+/g, ' ');
        const raw = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        const gzip = gzipSync(raw, { level: 9 }).length;
        const first = firstLoad.has(file.fileName);
        if (first) total += gzip;
        else lazy += gzip;
        const brotli = brotliCompressSync(raw).length;
        console.log(
          `admin console ${file.fileName}: ${raw.length} B raw, ${gzip} B gzip, ${brotli} B brotli${first ? '' : ' (loaded when its view opens)'}`,
        );
      }
      console.log(
        `admin console: ${total} B gzip at first load (budget ${CONSOLE_BUDGET_GZIP} B gzip), ${lazy} B gzip loaded later`,
      );
      if (total > CONSOLE_BUDGET_GZIP) this.error(`the console is over budget: ${total} B gzip`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  logLevel: 'warn',
  publicDir: false,
  plugins: [reportSize()],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    // No preload helper: nothing is split (the Places map is an entry of its own).
    modulePreload: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      // The Places map's entry keeps its export (worldMap): nothing in the bundle imports it.
      preserveEntrySignatures: 'exports-only',
      input: {
        index: path.resolve(import.meta.dirname, 'index.html'),
        // The download worker: a classic script at a fixed URL (a registration names it), no imports.
        'download-worker': path.resolve(import.meta.dirname, 'download-worker.ts'),
        // The Places map: loaded by its view, by this fixed name beside the console's script.
        'places-map': path.resolve(import.meta.dirname, 'places-map.ts'),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'download-worker'
            ? 'download-worker.js'
            : chunk.name === 'places-map'
              ? 'assets/places-map.js'
              : 'assets/[name]-[hash].js',
      },
    },
  },
});
