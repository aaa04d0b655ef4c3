/**
 * Widget tests in headless Chromium. The element is compiled from source by esbuild (with the
 * project's tsconfig: legacy decorators); the API is the real server on a real SQLite file,
 * started as a child process on another origin, so every request is cross-origin as on a
 * partner's page. Tests read its URL from /__api.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import path from 'node:path';
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
        if (context.path === '/__api') return { body: JSON.stringify({ url: server.url }), type: 'json' };
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
