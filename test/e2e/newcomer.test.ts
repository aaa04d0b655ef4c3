/**
 * The README's "first ten minutes", step by step, with the commands it names: `npm start` (the
 * build, then the production server, on a database of its own and a free port instead of
 * ./data/petitions.db and 8787), the key `npm run admin -- create-key` prints as written, a quick
 * signature set aside and a patient one confirmed by the link in the mail written to the data
 * folder's outbox, through the demo page in Chromium, the console signed in with that key counting
 * it, and the tag the README shows written by the console.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { freePort } from '../postgres.ts';
import { launchBrowser } from './browser.ts';
import { waitFor } from '../wait-for.ts';
import { pageTotal, signIn } from './console-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const LOCAL = 'http://localhost:8787';
/** The README's steps, from their heading to the next section. */
const STEPS = README.slice(
  README.indexOf('### Your first ten minutes'),
  README.indexOf('\n## ', README.indexOf('### Your first ten minutes')),
);

/** The fenced blocks of a piece of Markdown, indentation removed, by language. */
function blocks(markdown: string, language: string): string[] {
  return [...markdown.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)]
    .filter(([, , lang]) => lang === language)
    .map(([, indent, , body]) => body.replace(new RegExp(`^${indent}`, 'gm'), '').trim());
}

/** A command line as written, without its comment. */
const command = (line: string) => line.replace(/\s+#.*$/, '').trim();

const sh = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'petition-newcomer-'));
let env: NodeJS.ProcessEnv;
let server: ChildProcess;
let url: string;
let browser: Browser;
let key: string;

/** Runs a README command in the repository, as a newcomer's shell would. */
function run(line: string): ChildProcess {
  return spawn('sh', ['-c', line], { cwd: ROOT, env, detached: true, stdio: 'pipe' });
}

before(async () => {
  // The README's place and port, moved so a developer's own server and data stay untouched.
  env = {
    ...process.env,
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'petitions.db'),
  };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    // npm runs the server under a shell: the whole group gets the signal, as Ctrl-C would.
    process.kill(-server.pid, 'SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The demo page with its form drawn; resolves when the form is there. */
async function demoPage(): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${url}/`);
  await page.locator('petition-widget form').waitFor();
  return page;
}

async function signAs(page: Page, firstName: string, email: string): Promise<string | null> {
  for (const [name, value] of Object.entries({
    firstName,
    lastName: 'Newcomer',
    email,
    city: 'Lyon',
  }))
    await page.locator(`petition-widget input[name="${name}"]`).fill(value);
  await page.locator('petition-widget button[type="submit"]').click();
  await page.locator('petition-widget [part="thanks"]').waitFor();
  return page.locator('petition-widget .counter strong').first().textContent();
}

describe("the README's first ten minutes", () => {
  it('1. npm start builds and serves the demo', { timeout: 180_000 }, async () => {
    const [start] = blocks(README.slice(README.indexOf('## Quick start')), 'sh');
    const [install, started] = command(start.split('\n')[0]).split(' && ');
    assert.equal(install, 'npm install');
    assert.equal(started, 'npm start');
    assert.match(STEPS, /\*\*Start it\*\* with `npm start`/);
    server = run(started);
    let output = '';
    url = await new Promise<string>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        output += chunk;
        const listening = /listening on (\S+)/.exec(output);
        if (listening) resolve(listening[1]);
      };
      server.stdout!.on('data', read);
      server.stderr!.on('data', read);
      server.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    assert.match(STEPS, new RegExp(`serves\\s+the demo at ${LOCAL}`));
    // "in English, French, Spanish, German and Arabic (the links at the top)"
    const page = await (await fetch(`${url}/`)).text();
    for (const lang of ['fr', 'es', 'de', 'ar'])
      assert.match(page, new RegExp(`hreflang="${lang}"`));
  });

  it('2. npm run admin -- create-key, as written, makes a key on the running server’s data', async () => {
    const [line] = blocks(STEPS, 'sh');
    assert.equal(line, 'npm run admin -- create-key --label "my laptop"');
    const { stdout } = await sh('sh', ['-c', line], { cwd: ROOT, env });
    // npm prints its banner first; the key is the line the command prints.
    key = stdout.trim().split('\n').at(-1)!;
    assert.match(key, /^pk_[\w-]{20,}$/);
  });

  it('3. a form sent within 2 s is set aside, one sent after waits for its confirmation', async () => {
    assert.match(STEPS, /within\s+2 seconds/);
    const hasty = await demoPage();
    // Typed and sent in one step inside the page: field by field over the browser's protocol
    // took more than 2 s on a loaded machine, and the hasty form was then not hasty (CI saw it).
    await hasty.locator('petition-widget').evaluate((widget) => {
      const form = widget.shadowRoot!.querySelector('form')!;
      const values = {
        firstName: 'Hasty',
        lastName: 'Newcomer',
        email: 'hasty.newcomer@example.org',
        city: 'Lyon',
      };
      for (const [name, value] of Object.entries(values)) {
        const input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      form.requestSubmit();
    });
    await hasty.locator('petition-widget [part="thanks"]').waitFor();
    assert.equal(
      await hasty.locator('petition-widget .counter strong').first().textContent(),
      '785',
    );
    await hasty.close();
    const patient = await demoPage();
    const shown = Date.now();
    // The form token was made before the form was drawn: 2 s from now is more than 2 s of it.
    await patient.waitForFunction((since) => Date.now() - since > 2100, shown);
    assert.equal(await signAs(patient, 'Patient', 'patient.newcomer@example.org'), '785');
    await patient
      .locator('petition-widget [part="thanks"]', { hasText: 'One more step' })
      .waitFor();
    await patient.close();
  });

  it('4. the link in the mail written to ./data/outbox confirms it: 786', async () => {
    assert.match(STEPS, /written to\s+`\.\/data\/outbox\/`/);
    assert.match(STEPS, /press \*Confirm my\s+signature\*/);
    // ./data/outbox beside ./data/petitions.db; here beside the test's own database.
    const outbox = path.join(dir, 'outbox');
    const link = await waitFor(() => {
      const listed = fs.existsSync(outbox) ? fs.readdirSync(outbox) : [];
      for (const file of listed.filter((name) => name.endsWith('.json'))) {
        const mail = JSON.parse(fs.readFileSync(path.join(outbox, file), 'utf8'));
        if (mail.to === 'patient.newcomer@example.org') return mail.link as string;
      }
      return undefined;
    }, 'the mail to patient.newcomer@example.org in the outbox');
    const page = await browser.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Confirm my signature' }).click();
    await page.waitForLoadState();
    const again = await demoPage();
    assert.equal(
      await again.locator('petition-widget .counter strong').first().textContent(),
      '786',
    );
    await again.close();
    await page.close();
  });

  it('5. the console, signed in with that key, counts it', async () => {
    assert.match(STEPS, new RegExp(`open ${LOCAL}/admin, paste the key`));
    const page = await browser.newPage();
    await signIn(page, url, key);
    await page
      .getByRole('link', { name: 'Emergency powers used to roll back human rights' })
      .click();
    await page.locator('console-campaign-overview .figures').waitFor();
    assert.equal(await pageTotal(page), '786');
    const figures = await page.locator('console-campaign-overview .figures').innerText();
    assert.match(figures, /1\s+counted signatures/);
    assert.match(figures, /1 sent too fast/);
    await page.close();
  });

  it('6. the tag the README shows is the one the console writes', async () => {
    const [tag] = blocks(STEPS, 'html');
    const page = await browser.newPage();
    await signIn(page, url, key);
    await page.goto(`${url}/admin#/embed/el-salvador`);
    const written = page.locator('#embed-tag');
    await written.waitFor();
    await page.waitForFunction(
      () => (document.querySelector('#embed-tag') as HTMLTextAreaElement).value,
    );
    assert.equal(await written.inputValue(), tag.replace(LOCAL, new URL(url).origin));
    // Where the README says the allowed pages are set.
    assert.match(STEPS, /\(Counter\s+and status, "Pages that may collect signatures"\)/);
    await page.goto(`${url}/admin#/campaigns/el-salvador/counter`);
    await page.getByRole('heading', { name: 'Pages that may collect signatures' }).waitFor();
    await page.close();
  });
});
