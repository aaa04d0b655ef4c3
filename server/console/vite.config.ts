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
 * The budget for the console's script, stylesheet and download worker together, gzip bytes. 24 KB
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
      let total = 0;
      for (const file of Object.values(bundle)) {
        if (file.fileName.endsWith('.html')) continue;
        // Minified code keeps line breaks only inside template literals: Lit's html, where an
        // indented line break renders as one space, and strings like '\n', which the minifier
        // writes as a bare line break in backticks and which must stay (so: indented ones only).
        if (file.type === 'chunk') file.code = file.code.replace(/\n[ \t]+/g, ' ');
        const raw = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        const gzip = gzipSync(raw, { level: 9 }).length;
        total += gzip;
        const brotli = brotliCompressSync(raw).length;
        console.log(
          `admin console ${file.fileName}: ${raw.length} B raw, ${gzip} B gzip, ${brotli} B brotli`,
        );
      }
      console.log(`admin console: ${total} B gzip in all (budget ${CONSOLE_BUDGET_GZIP} B gzip)`);
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
    // One chunk, no preload helper: nothing is split, so there is nothing to preload.
    modulePreload: false,
    assetsInlineLimit: 0,
    rollupOptions: {
      input: {
        index: path.resolve(import.meta.dirname, 'index.html'),
        // The download worker: a classic script at a fixed URL (a registration names it), no imports.
        'download-worker': path.resolve(import.meta.dirname, 'download-worker.ts'),
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'download-worker' ? 'download-worker.js' : 'assets/[name]-[hash].js',
      },
    },
  },
});
