/**
 * Builds `widget.js`: one self-registering IIFE with production Lit (LitElement itself), into
 * server/public/, and its second chunk `widget-thanks.js` (thanks-chunk.ts: what a supporter sees
 * after signing), an ES module widget.js imports by its versioned path once the form is drawn.
 * The chunk is built first, inside this build, so widget.js carries its hash. Prints the raw, gzip
 * and brotli sizes as the server serves them and fails the build over either file's budget. The
 * interface languages are in neither: the server sends one with the campaign (server/i18n/).
 */
import path from 'node:path';
import { build, defineConfig } from 'vite';
import type { Plugin, Rollup } from 'vite';
import { makeAsset } from '../server/http/assets.ts';
import { minifyCssTemplates } from './minify-css.ts';

/** The budget for widget.js, in bytes as served (server/http/assets.ts compresses it). */
export const WIDGET_BUDGET = { gzip: 15 * 1024, brotli: 13 * 1024 };

/** The budget for the second chunk, loaded after the form is drawn. */
export const CHUNK_BUDGET = { gzip: 4 * 1024, brotli: 3.5 * 1024 };

/** The second chunk's file name in server/public/. */
export const CHUNK_FILE = 'widget-thanks.js';

/** widget.js's sizes as the server sends them: compressed by the server's own asset code. */
export function servedSizes(code: Buffer): { raw: number; gzip: number; brotli: number } {
  const asset = makeAsset(code, 'text/javascript');
  return { raw: code.length, gzip: asset.gzip.length, brotli: asset.brotli.length };
}

/**
 * Minified code keeps line breaks only inside template literals (Lit's html templates; the css
 * ones are minified by Lightning CSS), where a run of white space that holds a line break renders
 * as one space anyway.
 */
const squeeze = (code: string) => code.replace(/\n\s*/g, ' ');

/** Reports a file's served sizes; the error when it is over `budget`. */
function measure(name: string, code: string, budget: { gzip: number; brotli: number }) {
  const { raw, gzip, brotli } = servedSizes(Buffer.from(code));
  console.log(
    `${name} as served: ${raw} B raw, ${gzip} B gzip of ${budget.gzip}, ${brotli} B brotli of ${budget.brotli}`,
  );
  return gzip > budget.gzip || brotli > budget.brotli
    ? `${name} is over budget: ${gzip} B gzip (of ${budget.gzip}), ${brotli} B brotli (of ${budget.brotli})`
    : null;
}

/** Builds the second chunk (no Lit inside: widget.js lends it `html`). */
async function buildChunk(): Promise<string> {
  const output = (await build({
    configFile: false,
    root: import.meta.dirname,
    logLevel: 'warn',
    plugins: [minifyCssTemplates()],
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: path.resolve(import.meta.dirname, 'thanks-chunk.ts'),
        formats: ['es'],
        fileName: () => CHUNK_FILE,
      },
      // Vite leaves an ES library unminified (for the bundlers that take one); this is served.
      rolldownOptions: { output: { minify: true } },
    },
  })) as Rollup.RollupOutput[];
  const chunk = output[0].output.find((file) => file.type === 'chunk');
  if (!chunk) throw new Error('the second chunk was not built');
  return squeeze(chunk.code);
}

/** Builds the chunk first, tells widget.js its versioned path, and writes it beside widget.js. */
function secondChunk(): Plugin {
  let code = '';
  return {
    name: 'second-chunk',
    async config() {
      code = await buildChunk();
      const { hash } = makeAsset(Buffer.from(code), 'text/javascript');
      return { define: { __THANKS_CHUNK__: JSON.stringify(`/${CHUNK_FILE}?v=${hash}`) } };
    },
    generateBundle() {
      const over = measure(CHUNK_FILE, code, CHUNK_BUDGET);
      if (over) this.error(over);
      this.emitFile({ type: 'asset', fileName: CHUNK_FILE, source: code });
    },
  };
}

function reportSize(): Plugin {
  return {
    name: 'report-size',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== 'chunk') continue;
        chunk.code = squeeze(chunk.code);
        const over = measure(chunk.fileName, chunk.code, WIDGET_BUDGET);
        if (over) this.error(over);
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  logLevel: 'warn',
  plugins: [minifyCssTemplates(), secondChunk(), reportSize()],
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
