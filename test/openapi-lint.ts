/**
 * The OpenAPI document through a linter no one here wrote: Redocly's, with its recommended rules.
 * Writes the document the server serves to a temporary file and runs `redocly lint` on it; any
 * error fails `npm test` (warnings are printed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApiDocument } from '../server/openapi/document.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-openapi-'));
const file = path.join(dir, 'openapi.json');
try {
  fs.writeFileSync(file, JSON.stringify(openApiDocument(), null, 2));
  execFileSync(
    'npx',
    ['--no-install', 'redocly', 'lint', '--extends', 'recommended', '--format', 'summary', file],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
} catch {
  process.exitCode = 1;
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
