/**
 * The real server for the console's browser tests: the production bundle (server/dist/main.js)
 * on a free port, on SQLite (a temporary file) or PostgreSQL (a fresh database of the run's
 * cluster, spawn-pg-server.ts), holding the demo campaign with a month of generated
 * signatures (so the chart and the rankings have something to draw), and, signed over HTTP, one
 * person to erase and one honeypot signature the bot checks flag.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StorageEngine } from '../../server/storage/storage.ts';
import { generatePgSignatures, generateSignatures } from '../bench/generate.ts';
import { spawnPgServer } from '../fixtures/spawn-pg-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';

/** The admin token the server accepts (PETITION_ADMIN_TOKEN). */
export const ADMIN_TOKEN = 'console-e2e-admin-token-5f3a9c1d';
/** Generated signatures in the demo campaign. */
export const GENERATED = 2000;
/** The person the erasure test looks for. */
export const ERASE_ME = {
  firstName: 'Quintessa',
  lastName: 'Vandermeer',
  email: 'quintessa.console@example.org',
  city: 'Zyxopolis',
};
/** Honeypot signers (flagged, not counted): the first is released by a test, the second stays. */
export const STILL_FLAGGED = {
  firstName: 'Spam',
  lastName: 'Cannon',
  email: 'spam.console@example.org',
  city: 'Spamtown',
};
export const FLAGGED = {
  firstName: 'Botty',
  lastName: 'McBotface',
  email: 'bot.console@example.org',
  city: 'Spamtown',
};

/** Signs the demo campaign over HTTP as the widget does. */
export async function sign(
  url: string,
  person: Record<string, string>,
  website = '',
): Promise<void> {
  const campaign = await (await fetch(`${url}/api/campaigns/el-salvador`)).json();
  const response = await fetch(`${url}/api/campaigns/el-salvador/signatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...person, optIn: false, formToken: campaign.formToken, website }),
  });
  if (response.status !== 201)
    throw new Error(`signing answered ${response.status}: ${await response.text()}`);
}

/** A running console server and its temporary folder. */
export interface ConsoleServer extends ServerChild {
  close: () => Promise<void>;
}

const SETTINGS = {
  PORT: '0',
  HOST: '127.0.0.1',
  PETITION_ADMIN_TOKEN: ADMIN_TOKEN,
  PETITION_MIN_FILL_MS: '0',
  PETITION_RATE_LIMIT: 'off',
  PETITION_LOG: 'off',
  // The webhook test's receiver is on 127.0.0.1.
  PETITION_WEBHOOK_ALLOW_LOOPBACK: '1',
};

/** Starts the server on `engine`; `close` stops it and removes its files. */
export async function startConsoleServer(engine: StorageEngine = 'sqlite'): Promise<ConsoleServer> {
  let server: ServerChild;
  let dir = '';
  if (engine === 'postgres') {
    server = await spawnPgServer(SETTINGS, (storage) => generatePgSignatures(storage, GENERATED));
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-console-'));
    const file = path.join(dir, 'console.db');
    generateSignatures(file, GENERATED);
    server = await spawnServer({ ...SETTINGS, DATABASE_PATH: file });
  }
  await sign(server.url, ERASE_ME);
  await sign(server.url, FLAGGED, 'http://spam.example');
  await sign(server.url, STILL_FLAGGED, 'http://spam.example');
  return {
    ...server,
    close: async () => {
      await server.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
