/**
 * Builds `widget.js`: one self-registering IIFE with production Lit (LitElement itself), into
 * server/public/. Prints the raw, gzip and brotli sizes as the server serves them and fails the
 * build over either budget. The interface languages are not in it: the server sends one with the
 * campaign (server/i18n/).
 */
import path from 'node:path';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { makeAsset } from '../server/http/assets.ts';
import { minifyCssTemplates } from './minify-css.ts';

/** The budget for widget.js, in bytes as served (server/http/assets.ts compresses it). */
export const WIDGET_BUDGET = { gzip: 15 * 1024, brotli: 13 * 1024 };

/** widget.js's sizes as the server sends them: compressed by the server's own asset code. */
export function servedSizes(code: Buffer): { raw: number; gzip: number; brotli: number } {
  const asset = makeAsset(code, 'text/javascript');
  return { raw: code.length, gzip: asset.gzip.length, brotli: asset.brotli.length };
}

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
        const { raw, gzip, brotli } = servedSizes(Buffer.from(chunk.code));
        const { gzip: gzipBudget, brotli: brotliBudget } = WIDGET_BUDGET;
        console.log(
          `${chunk.fileName} as served: ${raw} B raw, ${gzip} B gzip of ${gzipBudget}, ${brotli} B brotli of ${brotliBudget}`,
        );
        if (gzip > gzipBudget || brotli > brotliBudget)
          this.error(
            `${chunk.fileName} is over budget: ${gzip} B gzip (of ${gzipBudget}), ${brotli} B brotli (of ${brotliBudget})`,
          );
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
