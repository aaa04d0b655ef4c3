/**
 * Builds `widget.js`: one self-registering IIFE with production Lit, into server/public/. Prints
 * the raw, gzip and brotli sizes and fails the build over the 12 KB gzip budget. The interface
 * languages are not in it: the server sends one with the campaign (server/i18n/).
 */
import { gzipSync, brotliCompressSync } from 'node:zlib';
import path from 'node:path';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { minifyCssTemplates } from './minify-css.ts';

/** The budget for widget.js, gzip bytes. */
export const WIDGET_BUDGET_GZIP = 12 * 1024;

function reportSize(): Plugin {
  return {
    name: 'report-size',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        // Minified code keeps line breaks only inside template literals (Lit's html templates;
        // the css ones are minified by Lightning CSS), where a run of white space that holds a
        // line break renders as one space anyway.
        chunk.code = chunk.code.replace(/\n\s*/g, ' ');
        const raw = Buffer.from(chunk.code);
        const gzip = gzipSync(raw, { level: 9 }).length;
        const brotli = brotliCompressSync(raw).length;
        console.log(
          `${chunk.fileName}: ${raw.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${WIDGET_BUDGET_GZIP} B gzip)`,
        );
        if (gzip > WIDGET_BUDGET_GZIP)
          this.error(`${chunk.fileName} is over budget: ${gzip} > ${WIDGET_BUDGET_GZIP} B gzip`);
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  plugins: [minifyCssTemplates(), reportSize()],
  build: {
    outDir: path.resolve(import.meta.dirname, '../server/public'),
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    sourcemap: false,
    lib: {
      entry: path.resolve(import.meta.dirname, 'embed.ts'),
      formats: ['iife'],
      name: 'PetitionWidget',
      fileName: () => 'widget.js',
    },
  },
});
