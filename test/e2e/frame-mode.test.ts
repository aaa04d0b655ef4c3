/**
 * Frame mode in every engine (Chromium, Firefox, WebKit): the one tag with
 * `data-isolation="frame"` on a hostile partner page (another origin, strict CSP, and a script
 * that spies on everything it can: engines/hostile-page.ts). The widget runs in an iframe of the
 * API origin; the page gets its height, its title and `petition-signed` with no personal data,
 * and nothing a supporter types. Script mode on the same page is the control: there the spy
 * does see what is typed (so it would notice), yet nothing is stored before a failed attempt.
 * A page outside a campaign's allowed origins (the frame page's frame-ancestors) gets nothing:
 * next to a campaign that lists it, the one that does not shows no form, no title and no box.
 * Screenshots go to test/screenshots/out/frame/.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startPartnerServer } from '../../demo/partner-server.ts';
import { spawnServer } from '../fixtures/spawn-server.ts';
import type { ServerChild } from '../fixtures/spawn-server.ts';
import type { Engine, Tab } from './engines/driver.ts';
import { waitFor } from '../wait-for.ts';
import { ERROR_HOOK, SHADOW } from './engines/driver.ts';
import { REPORT, SPY } from './engines/hostile-page.ts';
import { ENGINES, served as servedBy, storedRow } from './engines/every-engine.ts';
import { UNVERIFIED_DEMO } from '../fixtures/api-server.ts';
import { adminCall } from './console-admin.ts';
import { ADMIN_TOKEN } from './console-server.ts';

const SHOTS = path.join(import.meta.dirname, '../screenshots/out/frame');
const TITLE = 'Emergency powers used to roll back human rights';

let server: ServerChild;
let partner: { url: string; close: () => void };
/** A page with two frames: a campaign that lists it, and one that lists another page only. */
let gate: { url: string; close: () => void };
const HERE = 'framed-here';
const ELSEWHERE = 'framed-elsewhere';

before(async () => {
  server = await spawnServer({ PETITION_LOG: 'on', PETITION_ADMIN_TOKEN: ADMIN_TOKEN });
  const api = server.url.replace('127.0.0.1', 'localhost');
  partner = await startPartnerServer(0, api, {
    inline: `${ERROR_HOOK}\n${SPY}`,
    // The fixture partner, with its own opt-in: the box a supporter leaves unticked.
    tag: `<script src="${api}/widget.js" data-campaign="el-salvador" data-partner="oxfam" async></script>`,
  });
  gate = await startPartnerServer(0, api, {
    inline: `${ERROR_HOOK}\n${SPY}`,
    tag: [ELSEWHERE, HERE]
      .map((slug) => `<script src="${api}/widget.js" data-campaign="${slug}" async></script>`)
      .join('\n'),
  });
  for (const [slug, allowedOrigins] of [
    [HERE, [gate.url]],
    [ELSEWHERE, ['https://elsewhere.example']],
  ] as const)
    await adminCall(server.url, 'POST', '/campaigns', {
      ...UNVERIFIED_DEMO,
      slug,
      status: 'open',
      allowedOrigins,
    });
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  partner?.close();
  gate?.close();
  await server?.stop();
});

/** The server's request log so far: one `METHOD route` a request. */
const served = () => servedBy(server);
const row = (email: string) =>
  storedRow(server, 'first_name, partner, partner_opt_in, origin', email);

const shown = (selector: string) => `return !!${SHADOW}?.querySelector('${selector}')`;

/** Someone no page has seen: every value unique to this run and engine. */
function supporter(engine: string) {
  const tag = `${engine}${Date.now().toString(36)}`;
  return {
    firstName: `Zephyrine${tag}`,
    lastName: `Quillfeather${tag}`,
    email: `hidden.${tag}@example.org`,
    city: `Vexmoorcity${tag}`,
  };
}

async function signIn(tab: Tab, person: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(person))
    await tab.type(`input[name="${name}"]`, value);
  await tab.click('button[type="submit"]');
  await tab.waitFor(shown('[part="thanks"]'));
}

/** What of `person` the page's report holds (case-insensitive). */
function leaked(report: string, person: Record<string, string>): string[] {
  const text = report.toLowerCase();
  return Object.values(person).filter((value) => text.includes(value.toLowerCase()));
}

for (const [name, launch] of ENGINES) {
  describe(`frame mode in ${name}`, () => {
    let engine: Engine;
    let tab: Tab;

    before(async () => {
      engine = await launch();
      tab = await engine.open(1280);
    });

    after(async () => {
      await tab?.close().catch(() => {});
      await engine?.close();
    });

    it('draws in an iframe of the API origin: titled, sized to its content, in three requests, then the second chunk', async () => {
      const before = served().length;
      await tab.goto(`${partner.url}/?isolation=frame`);
      await tab.frame('iframe');
      await tab.waitFor(shown('form'));
      assert.equal(await tab.run('return location.pathname'), '/embed/el-salvador');
      // The partner's own box is there, unticked, and the notice says what the page cannot see.
      assert.equal(
        await tab.run(`return ${SHADOW}.querySelector('[name="partnerOptIn"]').checked`),
        false,
      );
      const consent = (await tab.text('[part="consent"]')) ?? '';
      assert.match(consent, /Oxfam Canada receives your name/);
      assert.match(consent, /The website showing this form cannot see what you type into it\./);
      assert.doesNotMatch(consent, /can see what you type/);
      const content = await tab.run<number>(
        `return document.querySelector('petition-widget').getBoundingClientRect().height`,
      );
      await tab.frame(null);
      const frame = await tab.waitFor<{ title: string; height: number }>(`
        const frame = document.querySelector('iframe');
        const height = frame.getBoundingClientRect().height;
        return Math.abs(height - ${content}) < 2 && frame.title !== 'Petition' && { title: frame.title, height };`);
      assert.equal(frame.title, TITLE);
      // The second chunk (the thank-you) comes once the form in the frame is drawn: after the three.
      const chunk = 'GET /widget-thanks.js';
      await waitFor(() => served().slice(before).includes(chunk), 'the second chunk', 5000);
      // The log has caught up with the page once a request the test makes now is in it.
      await fetch(`${server.url}/healthz`);
      const mark = 'GET /healthz';
      await waitFor(() => served().slice(before).includes(mark), 'the log to catch up', 5000);
      assert.deepEqual(
        served()
          .slice(before)
          .filter((line) => line !== mark),
        ['GET /widget.js', 'GET /embed/:slug', 'GET /widget.js', chunk],
      );
      await tab.screenshot(path.join(SHOTS, `${name}-1280.png`));
      assert.deepEqual(await tab.errors(), []);
    });

    it('signs, and the hostile page gets nothing typed: only petition-signed, with no personal data', async () => {
      const person = supporter(name);
      await tab.frame('iframe');
      await signIn(tab, person);
      await tab.frame(null);
      const signed = await tab.waitFor<Record<string, unknown>[]>(
        'return window.__signed.length && window.__signed',
      );
      assert.equal(signed.length, 1);
      const { counter, ...rest } = signed[0] as { counter: Record<string, unknown> };
      assert.deepEqual(rest, { campaign: 'el-salvador', status: 'signed' });
      assert.deepEqual(Object.keys(counter).sort(), ['goal', 'offset', 'signatures', 'total']);
      const report = await tab.run<string>(REPORT);
      assert.match(report, /refused: SecurityError/, 'the page tried to look into the frame');
      assert.ok(report.length > 1000, 'the spy recorded the page');
      assert.deepEqual(leaked(report, person), []);
      assert.deepEqual(row(person.email), {
        first_name: person.firstName,
        partner: 'oxfam',
        partner_opt_in: 0,
        origin: partner.url,
      });
      assert.deepEqual(await tab.errors(), []);
    });

    it('on a page outside the allowed origins: no form, no title, no box, nothing to sign', async () => {
      // The gate page frames two campaigns: HERE lists the page's origin, ELSEWHERE another only.
      await tab.goto(`${gate.url}/?isolation=frame`);
      const frame = (slug: string) => `document.querySelector('iframe[src*="/embed/${slug}?"]')`;
      // The control: the listed campaign's frame draws its form, and gets its title and height.
      await tab.frame(`iframe[src*="/embed/${HERE}?"]`);
      await tab.waitFor(shown('form'));
      const content = await tab.run<number>(
        `return document.querySelector('petition-widget').getBoundingClientRect().height`,
      );
      await tab.frame(null);
      await tab.waitFor(`const frame = ${frame(HERE)};
        return frame.title === ${JSON.stringify(TITLE)} && Math.abs(frame.getBoundingClientRect().height - ${content}) < 2;`);
      // The other one, once it has loaded (and widget.js folded it away) or spoken: the browser
      // refused to show it, so no word ever came from it: its title stays the placeholder.
      const refused = await tab.waitFor(`const frame = ${frame(ELSEWHERE)};
        const height = frame.getBoundingClientRect().height;
        return (height === 0 || frame.title !== 'Petition') && { title: frame.title, height };`);
      assert.deepEqual(refused, { title: 'Petition', height: 0 });
      // Inside it, no widget and so no form a supporter could sign: Chromium shows its error page
      // (chrome-error://), Firefox its "blocked page" at the frame's address, WebKit an empty
      // document there.
      await tab.frame(`iframe[src*="/embed/${ELSEWHERE}?"]`);
      const inside = await tab.run<Record<string, unknown>>(
        `return { script: !!document.querySelector('script[src*="/widget.js"]'),
          widget: !!document.querySelector('petition-widget'), form: !!${SHADOW}?.querySelector('form') }`,
      );
      assert.deepEqual(inside, { script: false, widget: false, form: false });
      await tab.frame(null);
      await tab.screenshot(path.join(SHOTS, `${name}-refused-1280.png`));
      // Firefox's refusal reaches the page's errors (puppeteer hands on its console message);
      // Chromium's and WebKit's do not.
      const errors = await tab.errors();
      assert.deepEqual(
        errors.filter((error) => !/frame-ancestors https:\/\/elsewhere\.example/.test(error)),
        [],
      );
    });

    it('script mode, the control: the spy sees what is typed, and storage holds nothing of it', async () => {
      const person = supporter(`${name}script`);
      await tab.goto(`${partner.url}/`);
      await tab.waitFor(shown('form'));
      await signIn(tab, person);
      const report = await tab.run<string>(REPORT);
      assert.deepEqual(leaked(report, person).sort(), Object.values(person).sort());
      // The one attempt went through: the offline queue never wrote the signature down.
      const stored = await tab.run<string>('return JSON.stringify({ ...localStorage })');
      assert.deepEqual(leaked(stored, person), []);
      assert.doesNotMatch(stored, /petition-pending/);
      assert.match((await tab.text('[part="thanks"] h2')) ?? '', /Thank you, Zephyrine/);
      assert.deepEqual(await tab.errors(), []);
    });

    it('in Arabic at phone width: right to left in the frame, the email left to right', async () => {
      await tab.close();
      const phone = (tab = await engine.open(360));
      await phone.goto(`${partner.url}/?isolation=frame&lang=ar`);
      await phone.frame('iframe');
      await phone.waitFor(shown('form'));
      const layout = await phone.run<Record<string, unknown>>(`
        const root = ${SHADOW}.querySelector('[part="base"]');
        const email = ${SHADOW}.querySelector('#email');
        return { lang: root.lang, dir: getComputedStyle(root).direction,
          email: getComputedStyle(email).direction, page: document.documentElement.dir,
          fits: root.getBoundingClientRect().right <= innerWidth };`);
      assert.deepEqual(layout, { lang: 'ar', dir: 'rtl', email: 'ltr', page: 'rtl', fits: true });
      await phone.type('#email', 'layla@example.org');
      await phone.frame(null);
      await phone.run(`document.querySelector('iframe').scrollIntoView()`);
      await phone.screenshot(path.join(SHOTS, `${name}-360-ar.png`));
      assert.deepEqual(await phone.errors(), []);
    });
  });
}
