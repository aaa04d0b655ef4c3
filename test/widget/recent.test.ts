/**
 * The recent signatures' list (widget/recent-view.ts) in Chromium: its refresh pauses while the
 * tab is hidden and resumes with a read when it is shown again (its timers and `document.hidden`
 * stubbed for one test, so nothing waits on a clock); the list is no live region, shows five of
 * the twenty, and keeps each name's direction (bdi). axe-core finds nothing wrong with it.
 */
import { expect, fixture, waitUntil } from '@open-wc/testing';
import { html, render } from 'lit';
import type { RecentSigner } from '../../server/contract/public.ts';
import type { InterfaceStrings } from '../../server/i18n/interface-strings.ts';
import { recentView, watchRecent } from '../../widget/recent-view.ts';

const realFetch = window.fetch;
const realSetTimeout = window.setTimeout;
const realClearTimeout = window.clearTimeout;
const hiddenProperty = Object.getOwnPropertyDescriptor(Document.prototype, 'hidden')!;

describe('recent signatures', () => {
  afterEach(() => {
    window.fetch = realFetch;
    window.setTimeout = realSetTimeout;
    window.clearTimeout = realClearTimeout;
    Object.defineProperty(Document.prototype, 'hidden', hiddenProperty);
  });

  it('reads again on its timer while shown, not while the tab is hidden, and at once when shown', async () => {
    let hidden = false;
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
    const timers = new Map<number, () => void>();
    let next = 1;
    // The list's 15 s timers are held here; any other (the test runner's) runs as usual.
    window.setTimeout = ((callback: () => void, ms?: number) => {
      if (ms !== 15_000) return realSetTimeout(callback, ms);
      timers.set(-next, callback);
      return -next++;
    }) as typeof setTimeout;
    window.clearTimeout = ((id: number) =>
      id < 0 ? timers.delete(id) : realClearTimeout(id)) as typeof clearTimeout;
    const asked: string[] = [];
    window.fetch = async (input) => {
      asked.push(String(input));
      return Response.json({ recent: [{ firstName: 'Amal', city: 'Beirut', minutesAgo: 2 }] });
    };
    const lists: RecentSigner[][] = [];
    const stop = watchRecent('https://api.test/recent', 15, false, (list) => lists.push(list));
    await waitUntil(() => timers.size === 1, 'the next read scheduled');
    expect(asked).to.have.length(1);
    expect(lists).to.deep.equal([[{ firstName: 'Amal', city: 'Beirut', minutesAgo: 2 }]]);
    // The timer fires: a second read, and the one after it scheduled.
    const [[id, fire]] = timers;
    timers.delete(id);
    fire();
    await waitUntil(() => asked.length === 2 && timers.size === 1, 'the second read');
    // Hidden: the timer is dropped and nothing is read.
    hidden = true;
    document.dispatchEvent(new Event('visibilitychange'));
    expect(timers.size).to.equal(0);
    expect(asked).to.have.length(2);
    // Shown again: read at once, then on the timer again.
    hidden = false;
    document.dispatchEvent(new Event('visibilitychange'));
    await waitUntil(() => asked.length === 3 && timers.size === 1, 'the read on showing');
    stop();
    expect(timers.size).to.equal(0);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(asked).to.have.length(3, 'nothing after the stop');
  });

  it('shows five of the twenty, quietly (no live region), names in their own direction', async () => {
    const t = { locale: 'en', recentSigners: 'Just signed' } as InterfaceStrings;
    const list = Array.from({ length: 20 }, (_, n) => ({
      firstName: n === 0 ? 'ليلى' : `Person${n}`,
      city: 'Beirut',
      minutesAgo: [0, 5, 90, 3000][n % 4],
    }));
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    render(recentView({ html }, t, list), host);
    const items = [...host.querySelectorAll('li')].map((li) => li.textContent?.trim());
    expect(items).to.deep.equal([
      'ليلى · Beirut · this minute',
      'Person1 · Beirut · 5 minutes ago',
      'Person2 · Beirut · 1 hour ago',
      'Person3 · Beirut · 2 days ago',
      'Person4 · Beirut · this minute',
    ]);
    expect(host.querySelectorAll('[aria-live], [role="status"], [role="alert"]')).to.have.length(0);
    expect(host.querySelector('li bdi')?.textContent).to.equal('ليلى');
    await expect(host).to.be.accessible();
  });

  it('draws nothing for an empty list', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    render(recentView({ html }, { locale: 'en' } as InterfaceStrings, []), host);
    expect(host.textContent?.trim()).to.equal('');
  });
});
