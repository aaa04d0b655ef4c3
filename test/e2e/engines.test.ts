/**
 * The partner page in every engine: one test body, run in Chromium, Firefox and WebKit (see
 * engines/driver.ts). The page is on another origin, has hostile CSS and a strict
 * Content-Security-Policy (scripts and connections from the API origin only, no inline styles);
 * the widget is the built widget.js from the real server. Screenshots go to
 * test/screenshots/out/engines/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contrast } from './contrast.ts';
import type { Engine, Tab } from './engines/driver.ts';
import { waitFor } from '../wait-for.ts';
import { SHADOW } from './engines/driver.ts';
import { ENGINES, partnerSite, served as servedBy, storedRow } from './engines/every-engine.ts';

const SHOTS = path.join(import.meta.dirname, '../screenshots/out/engines');

const site = partnerSite(SHOTS);

/** The server's request log so far: one `METHOD route` a request. */
const served = () => servedBy(site.server);
const row = (email: string) =>
  storedRow(site.server, 'first_name, partner, origin, lang, flagged', email);

/** Page code: is `selector` in the widget? (A JSON answer: engines differ in how they pass elements.) */
const shown = (selector: string) => `return !!${SHADOW}?.querySelector('${selector}')`;
const drawn = shown('form');
const count = async (tab: Tab) => Number((await tab.text('.counter strong'))?.replace(/\D/g, ''));

async function fill(tab: Tab, person: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(person))
    await tab.type(`input[name="${name}"]`, value);
}

for (const [name, launch] of ENGINES) {
  describe(`the partner page in ${name}`, () => {
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

    it('draws after exactly two requests to the API: the script and the campaign', async () => {
      const before = served().length;
      await tab.goto(site.partner.url + '/');
      await tab.waitFor(drawn);
      // The second chunk (the thank-you) is asked for once the form is drawn: after the two.
      const chunk = 'GET /widget-thanks.js';
      await waitFor(() => served().slice(before).includes(chunk), 'the second chunk', 5000);
      // The server writes a request's line once it answered. The log has caught up with the page
      // once a request the test makes after that is in it.
      await fetch(`${site.server.url}/healthz`);
      const mark = 'GET /healthz';
      await waitFor(() => served().slice(before).includes(mark), 'the log to catch up', 5000);
      assert.deepEqual(
        served()
          .slice(before)
          .filter((line) => line !== mark),
        ['GET /widget.js', 'GET /api/campaigns/:slug', chunk],
      );
      // Where the engine shows its requests, the page made no other to the API either.
      const seen = tab.requests()?.filter((url) => url.startsWith(site.api));
      if (seen) {
        assert.deepEqual(
          seen.map((url) => new URL(url).pathname),
          ['/widget.js', '/api/campaigns/el-salvador', '/widget-thanks.js'],
        );
      }
      await tab.screenshot(path.join(SHOTS, `${name}-1280.png`));
      assert.deepEqual(await tab.errors(), []);
    });

    it('keeps its looks on the hostile page, and the page keeps its own', async () => {
      const looks = await tab.run<Record<string, unknown>>(`
        const widget = document.querySelector('petition-widget');
        const input = widget.shadowRoot.querySelector('input[name="firstName"]');
        const box = widget.getBoundingClientRect();
        return {
          width: box.width > 280 && box.height > 300,
          inputShown: input.getBoundingClientRect().height > 20,
          inputFont: getComputedStyle(input).fontSize,
          pageHeading: getComputedStyle(document.querySelector('h1')).fontSize,
        };`);
      assert.deepEqual(looks, {
        width: true,
        inputShown: true,
        inputFont: '16px',
        pageHeading: '64px',
      });
    });

    it('marks the fields a supporter got wrong and sends nothing', async () => {
      const before = served().length;
      await tab.type('input[name="email"]', 'not-an-email');
      await tab.click('button[type="submit"]');
      const invalid = await tab.waitFor<string[]>(`
        const fields = [...${SHADOW}.querySelectorAll('[aria-invalid="true"]')].map((input) => input.name);
        return fields.length ? fields : null;`);
      assert.deepEqual(invalid.sort(), ['city', 'email', 'firstName', 'lastName']);
      assert.match((await tab.text('#email-error')) ?? '', /name@example\.org/);
      assert.equal(
        await tab.run(`return ${SHADOW}.activeElement?.name`),
        'firstName',
        'focus goes to the first wrong field',
      );
      assert.deepEqual(served().slice(before), [], 'nothing was sent');
      assert.deepEqual(await tab.errors(), []);
    });

    it('signs: the thank-you names the supporter, the counter counts them, the row is stored', async () => {
      const before = await count(tab);
      await tab.run(
        `const input = ${SHADOW}.querySelector('input[name="email"]'); input.value = '';`,
      );
      const email = `ada.${name}@example.org`;
      await fill(tab, { firstName: 'Ada', lastName: 'Lovelace', email, city: 'London' });
      await tab.click('button[type="submit"]');
      await tab.waitFor(shown('[part="thanks"]'));
      assert.match((await tab.text('[part="thanks"] h2')) ?? '', /Thank you, Ada/);
      assert.equal(await count(tab), before + 1);
      assert.deepEqual(row(email), {
        first_name: 'Ada',
        partner: 'friends-of-rights',
        origin: site.partner.url,
        lang: 'en',
        flagged: null,
      });
      assert.deepEqual(await tab.errors(), []);
    });

    it('says so when the campaign cannot be loaded, and throws nothing', async () => {
      await tab.goto(`${site.partner.url}/?campaign=no-such-campaign`);
      await tab.waitFor(shown('[role="alert"]'));
      assert.match((await tab.text('[role="alert"]')) ?? '', /could not be loaded/);
      assert.equal(await tab.text('[role="alert"] button'), 'Try again');
      assert.deepEqual(await tab.errors(), []);
    });

    it('on an Arabic page: right to left, Arabic digits, an Arabic signature', async () => {
      await tab.goto(`${site.partner.url}/?lang=ar&campaign=thousands`);
      await tab.waitFor(drawn);
      await tab.screenshot(path.join(SHOTS, `${name}-1280-ar.png`));
      // Logical properties at work: the start side is the right. The first name's field sits right
      // of the last name's, the box comes before its words, the goal bar runs from the right.
      const layout = await tab.run<Record<string, unknown>>(`
        const root = ${SHADOW}.querySelector('[part="base"]');
        const box = (selector) => root.querySelector(selector).getBoundingClientRect();
        return {
          lang: root.lang,
          dir: getComputedStyle(root).direction,
          firstNameOnTheRight: box('input[name="firstName"]').left > box('input[name="lastName"]').right,
          checkboxOnTheRight: box('input[name="optIn"]').left > box('.check span').left,
        };`);
      assert.deepEqual(layout, {
        lang: 'ar',
        dir: 'rtl',
        firstNameOnTheRight: true,
        checkboxOnTheRight: true,
      });
      const { total } = (await (
        await fetch(`${site.server.url}/api/campaigns/thousands/counter`)
      ).json()) as { total: number };
      const arabic = new Intl.NumberFormat('ar-u-nu-arab');
      assert.equal(await tab.text('.counter strong'), arabic.format(total));
      const email = `layla.${name}@example.org`;
      await fill(tab, { firstName: 'ليلى', lastName: 'حداد', email, city: 'بيروت' });
      await tab.click('button[type="submit"]');
      await tab.waitFor(shown('[part="thanks"]'));
      assert.match((await tab.text('[part="thanks"] h2')) ?? '', /شكرًا يا ليلى/);
      assert.equal(await tab.text('.counter strong'), arabic.format(total + 1));
      assert.equal(row(email)?.lang, 'ar');
      assert.deepEqual(await tab.errors(), []);
    });

    it('on a French page at phone width: French words, French numbers, a French signature', async () => {
      // One tab at a time: WebKit's driver runs one session.
      await tab.close();
      const phone = (tab = await engine.open(360));
      await phone.goto(`${site.partner.url}/?lang=fr&campaign=with-goal`);
      await phone.waitFor(drawn);
      // The hostile page's own text fills a phone's first screens: the shot starts at the widget.
      await phone.run(`document.querySelector('petition-widget').scrollIntoView()`);
      await phone.screenshot(path.join(SHOTS, `${name}-360-fr.png`));
      const layout = await phone.run<Record<string, unknown>>(`
        const root = ${SHADOW}.querySelector('[part="base"]');
        return { lang: root.lang, fits: root.getBoundingClientRect().right <= innerWidth, width: innerWidth };`);
      assert.deepEqual(layout, { lang: 'fr', fits: true, width: 360 });
      const total = await count(phone);
      const french = new Intl.NumberFormat('fr');
      assert.equal(await phone.text('.counter strong'), french.format(total));
      assert.match((await phone.text('.goal')) ?? '', new RegExp(french.format(5000)));
      const email = `zoe.${name}@example.org`;
      await fill(phone, { firstName: 'Zoé', lastName: 'Lefèvre', email, city: 'Montréal' });
      await phone.click('button[type="submit"]');
      await phone.waitFor(shown('[part="thanks"]'));
      assert.match((await phone.text('[part="thanks"] h2')) ?? '', /Merci, Zoé/);
      await phone.screenshot(path.join(SHOTS, `${name}-360-fr-thanks.png`));
      assert.equal(await phone.text('.counter strong'), french.format(total + 1));
      assert.equal(row(email)?.lang, 'fr');
      assert.deepEqual(await phone.errors(), []);
    });

    it("the supporter's path at 360 px: a readable yellow button, the reader's text size, the thank-you on screen with focus", async () => {
      await tab.goto(`${site.partner.url}/`);
      await tab.waitFor(drawn);
      // Through the CSSOM (the page's policy allows no inline styles): a long article after the
      // widget, the reader's 24 px text, and a partner that set only the accent colour.
      await tab.run(`
        const article = document.createElement('div');
        article.style.height = '3000px';
        document.body.append(article);
        document.documentElement.style.setProperty('font-size', '24px');
        const widget = document.querySelector('petition-widget');
        widget.style.setProperty('--petition-accent', '#ffff00');
        widget.requestUpdate();
        return widget.updateComplete;`);
      const looks = await tab.run<{ color: string; background: string; font: string }>(`
        const style = getComputedStyle(${SHADOW}.querySelector('button[type="submit"]'));
        return { color: style.color, background: style.backgroundColor,
          font: getComputedStyle(${SHADOW}.querySelector('input[name="firstName"]')).fontSize };`);
      assert.equal(looks.background, 'rgb(255, 255, 0)');
      assert.ok(contrast(looks.color, looks.background) >= 4.5, `${looks.color} on yellow`);
      assert.ok(parseFloat(looks.font) >= 24, looks.font);
      await fill(tab, {
        firstName: 'Ana',
        lastName: 'Martínez',
        email: `ana.${name}@example.org`,
        city: 'Toronto',
      });
      await tab.click('button[type="submit"]');
      await tab.waitFor(shown('[part="thanks"]'));
      // A smooth scroll brings the heading on screen: wait for it to be there and to stay still.
      await tab.waitFor(
        `
        const box = ${SHADOW}.querySelector('[part="thanks"] h2').getBoundingClientRect();
        return new Promise((done) => {
          requestAnimationFrame(() => requestAnimationFrame(() => {
            const after = ${SHADOW}.querySelector('[part="thanks"] h2').getBoundingClientRect();
            done(after.top === box.top && after.top >= 0 && after.bottom <= innerHeight);
          }));
          // A window the display does not paint may get no frame: look again.
          setTimeout(() => done(false), 200);
        });`,
        5000,
      );
      const thanks = await tab.run<{
        top: number;
        bottom: number;
        height: number;
        focused: string;
      }>(`
        const heading = ${SHADOW}.querySelector('[part="thanks"] h2');
        const box = heading.getBoundingClientRect();
        return { top: box.top, bottom: box.bottom, height: innerHeight,
          focused: ${SHADOW}.activeElement?.textContent.trim() ?? '' };`);
      assert.ok(
        thanks.top >= 0 && thanks.bottom <= thanks.height,
        `heading at ${thanks.top}-${thanks.bottom} of ${thanks.height}`,
      );
      assert.equal(thanks.focused, 'Thank you, Ana!');
      await tab.screenshot(path.join(SHOTS, `${name}-360-thanks-long-page.png`));
      assert.deepEqual(await tab.errors(), []);
    });
  });
}
