/**
 * Widget tests in headless Chromium. The element is compiled from source by esbuild (with the
 * project's tsconfig: legacy decorators); the API is the real server on a real SQLite file,
 * started as a child process on another origin, so every request is cross-origin as on a
 * partner's page. Tests read its URL from /__api.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import path from 'node:path';
import Database from 'better-sqlite3';
// Loaded under `node --import tsx` (see package.json), so the TypeScript helper imports directly.
import { chromiumArgs } from './chromium.ts';
import { spawnServer } from './fixtures/spawn-server.ts';

const root = path.resolve(import.meta.dirname, '..');
const executablePath = process.env.CHROME_PATH || '/usr/bin/chromium';
let server;

export default {
  rootDir: root,
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: path.join(root, 'tsconfig.json') }),
    {
      name: 'petition-api',
      async serverStart() {
        server = await spawnServer();
      },
      async serverStop() {
        await server?.stop();
      },
      serve(context) {
        if (context.path === '/__api')
          return { body: JSON.stringify({ url: server.url }), type: 'json' };
        // What the server recorded for a signature (its consent receipts), read from the database
        // file itself: the admin API is not readable from a page, by design.
        if (context.path === '/__signature') {
          const db = new Database(server.file, { readonly: true });
          try {
            const row = db
              .prepare(
                `SELECT opt_in AS optIn, partner, partner_opt_in AS partnerOptIn, partner_consent_hash AS partnerVersion,
                   partner_consent_lang AS partnerLang FROM signatures WHERE email = ?`,
              )
              .get(context.query.email);
            return { body: JSON.stringify(row ?? null), type: 'json' };
          } finally {
            db.close();
          }
        }
      },
    },
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath,
        args: chromiumArgs(),
      },
    }),
  ],
};
