/**
 * People who just signed, on the partner page (`data-recent`), in Chromium, Firefox and WebKit:
 * the built widget.js by its classic tag on another origin with a strict CSP. The first paint
 * still costs two requests; the list comes after, from the second chunk. Its box is offered
 * unticked; a supporter who ticks it is in the list at once, one who does not is stored without
 * the consent and never listed. Right to left in Arabic; in frame mode too. Screenshots at 360 px
 * go to test/screenshots/out/recent/.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Engine, Tab } from './engines/driver.ts';
import { waitFor } from '../wait-for.ts';
import { SHADOW } from './engines/driver.ts';
import { ENGINES, partnerSite, served as servedBy, storedRow } from './engines/every-engine.ts';

const SHOTS = path.join(import.meta.dirname, '../screenshots/out/recent');

const site = partnerSite(SHOTS);

const served = () => servedBy(site.server);
const consent = (email: string) => storedRow(site.server, 'show_in_recent', email)?.show_in_recent;
const shown = (selector: string) => `return !!${SHADOW}?.querySelector('${selector}')`;
/** The list's lines, once it has one starting with `name`. */
const listWith = (name: string) => `
  const lines = [...(${SHADOW}?.querySelectorAll('.recent li') ?? [])].map((li) => li.textContent.trim());
  return lines[0]?.startsWith(${JSON.stringify(name)}) ? lines : null;`;

async function sign(tab: Tab, person: Record<string, string>, tick: boolean): Promise<void> {
  for (const [name, value] of Object.entries(person))
    await tab.type(`input[name="${name}"]`, value);
  if (tick) await tab.click('input[name="showInRecent"]');
  await tab.click('button[type="submit"]');
  await tab.waitFor(shown('[part="thanks"]'));
}

// A first name per engine: each run's newest line is its own.
const NAMES = { chromium: 'Amal', firefox: 'Bruno', webkit: 'Chidi' } as const;

for (const [name, launch] of ENGINES) {
  describe(`recent signatures in ${name}`, () => {
    let engine: Engine;
    let tab: Tab;
    const stamp = Date.now().toString(36);

    before(async () => {
      engine = await launch();
      tab = await engine.open(360);
    });

    after(async () => {
      await tab?.close().catch(() => {});
      await engine?.close();
    });

    it('draws in two requests, then the chunk and the list; its box unticked', async () => {
      const before = served().length;
      await tab.goto(`${site.partner.url}/?recent`);
      await tab.waitFor(shown('form'));
      const recent = 'GET /api/campaigns/:slug/recent';
      await waitFor(() => served().slice(before).includes(recent), 'the list asked for', 5000);
      const asked = served().slice(before);
      assert.deepEqual(asked.slice(0, 2), ['GET /widget.js', 'GET /api/campaigns/:slug']);
      assert.ok(asked.indexOf('GET /widget-thanks.js') < asked.indexOf(recent), asked.join());
      const box = await tab.run<boolean | null>(
        `return ${SHADOW}.querySelector('input[name="showInRecent"]')?.checked ?? null`,
      );
      assert.equal(box, false, 'the box is there, unticked');
      assert.deepEqual(await tab.errors(), []);
    });

    it('lists a supporter who ticked the box at once, and never one who did not', async () => {
      const first = NAMES[name];
      const email = `${first.toLowerCase()}.${stamp}@example.org`;
      await sign(tab, { firstName: first, lastName: 'Haddad', email, city: 'Beirut' }, true);
      const lines = await tab.waitFor<string[]>(listWith(`${first} · Beirut`));
      assert.match(
        lines[0],
        new RegExp(`^${first} · Beirut · (now|this minute|\\d+ minutes? ago)$`),
      );
      assert.equal(consent(email), 1);
      await tab.screenshot(path.join(SHOTS, `${name}-360.png`));
      // Someone else on the same device, without the box: stored without the consent, not listed.
      await tab.click('[part="thanks"] button.secondary');
      await tab.waitFor(shown('form'));
      const hidden = `hidden.${name}.${stamp}@example.org`;
      await sign(
        tab,
        { firstName: 'Hidden', lastName: 'Person', email: hidden, city: 'Nowhere' },
        false,
      );
      assert.equal(consent(hidden), 0);
      // The thank-you reads the list again at once: still this engine's supporter first.
      await tab.waitFor(listWith(`${first} · Beirut`));
      const text = await tab.run<string>(`return ${SHADOW}.querySelector('.recent').textContent`);
      assert.ok(!text.includes('Hidden') && !text.includes('Nowhere'), text);
      assert.deepEqual(await tab.errors(), []);
    });

    it('in Arabic: the box and the list in Arabic, right to left', async () => {
      await tab.goto(`${site.partner.url}/?lang=ar&campaign=thousands&recent`);
      await tab.waitFor(shown('form'));
      const email = `layla.${name}.${stamp}@example.org`;
      await sign(tab, { firstName: 'ليلى', lastName: 'حداد', email, city: 'بيروت' }, true);
      await tab.waitFor(listWith('ليلى'));
      const looks = await tab.run<Record<string, unknown>>(`
        const list = ${SHADOW}.querySelector('.recent');
        return { dir: getComputedStyle(list).direction, label: list.querySelector('p').textContent };`);
      assert.deepEqual(looks, { dir: 'rtl', label: 'وقّعوا للتو' });
      await tab.run(`${SHADOW}.querySelector('.recent').scrollIntoView({ block: 'center' })`);
      await tab.screenshot(path.join(SHOTS, `${name}-360-ar.png`));
      await tab.click('[part="thanks"] button.secondary');
      await tab.waitFor(shown('form'));
      const label = await tab.run<string>(
        `return ${SHADOW}.querySelector('input[name="showInRecent"]').parentElement.textContent.trim()`,
      );
      assert.equal(label, 'اعرض اسمي الأول ومدينتي مع التوقيعات الأخيرة');
      await tab.run(
        `${SHADOW}.querySelector('input[name="showInRecent"]').scrollIntoView({ block: 'center' })`,
      );
      await tab.screenshot(path.join(SHOTS, `${name}-360-ar-form.png`));
      assert.deepEqual(await tab.errors(), []);
    });

    it('in frame mode too: the tag asks, the frame shows the list', async () => {
      await tab.goto(`${site.partner.url}/?isolation=frame&recent`);
      await tab.frame('iframe');
      await tab.waitFor(listWith(NAMES[name]));
      await tab.frame(null);
    });
  });
}
