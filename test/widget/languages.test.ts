/**
 * Languages served, not bundled: the widget asks for the reader's languages and draws the one
 * the server answered with, whole; Arabic right to left; counts as each language writes them.
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { render } from 'lit';
import { tallyView } from '../../widget/tally-view.ts';
import { apiUrl, inside, mount, textOf } from './helpers.ts';

const pageLang = document.documentElement.lang;
afterEach(() => {
  document.documentElement.lang = pageLang;
});

const label = (element: HTMLElement, name: string) =>
  textOf(inside(element as never, `label[for="${name}"]`));

describe('petition-widget languages', () => {
  it('draws French on a fr-CA page (regional fallback), with no lang of its own', async () => {
    document.documentElement.lang = 'fr-CA';
    const element = await mount();
    expect(inside(element, '.root').lang).to.equal('fr');
    expect(label(element, 'firstName')).to.equal('Prénom');
    expect(textOf(inside(element, 'button[type="submit"]'))).to.equal('Signer la pétition');
    expect(textOf(inside(element, '.counter'))).to.match(/^785 personnes se sont mobilisées$/);
  });

  it("counts the fields that need attention in the language's own digits and plural", async () => {
    const element = await mount('el-salvador', { lang: 'ar' });
    inside(element, 'button[type="submit"]').click();
    await element.updateComplete;
    expect(textOf(inside(element, '.status'))).to.equal('٤ حقول تحتاج إلى تصحيح.');
  });

  it('draws Arabic right to left, accessibly', async () => {
    const element = await mount('el-salvador', { lang: 'ar' });
    const root = inside(element, '.root');
    expect(root.dir).to.equal('rtl');
    expect(root.lang).to.equal('ar');
    expect(getComputedStyle(root).direction).to.equal('rtl');
    expect(label(element, 'email')).to.equal('البريد الإلكتروني');
    // Laid out right to left: the label's right edge is at the input's right edge, and the
    // opt-in box is on the right of its text.
    const input = inside(element, '#email').getBoundingClientRect();
    const labelBox = inside(element, 'label[for="email"]').getBoundingClientRect();
    expect(Math.abs(labelBox.right - input.right)).to.be.below(2);
    const box = inside(element, 'input[name="optIn"]').getBoundingClientRect();
    const text = inside(element, '.check span').getBoundingClientRect();
    expect(box.left).to.be.above(text.right - 1);
    await expect(element).to.be.accessible();
    inside<HTMLDetailsElement>(element, 'details').open = true;
    await expect(element).to.be.accessible();
  });

  it("lays the email out left to right in every language, the other fields in the form's", async () => {
    for (const lang of ['ar', 'en', 'fr', 'es', 'de', 'pt', 'it', 'nl']) {
      const element = await mount('el-salvador', { lang });
      const email = inside<HTMLInputElement>(element, '#email');
      expect(email.dir, lang).to.equal('ltr');
      expect(getComputedStyle(email).direction, lang).to.equal('ltr');
      const city = inside<HTMLInputElement>(element, '#city');
      expect(getComputedStyle(city).direction, lang).to.equal(lang === 'ar' ? 'rtl' : 'ltr');
      element.remove();
    }
  });

  it("falls back whole to the campaign's language when it lacks the reader's", async () => {
    const element = await mount('english-only', { lang: 'de' });
    expect(inside(element, '.root').lang).to.equal('en');
    expect(label(element, 'firstName')).to.equal('First name');
    expect(textOf(inside(element, 'button[type="submit"]'))).to.equal('Sign the petition');
    expect(textOf(inside(element, 'details summary'))).to.equal('Read the letter');
    // Not one German word: the server has German, the campaign does not.
    expect(textOf(inside(element, '.root'))).to.not.match(/Unterschrift|unterschreiben|Vorname/);
  });

  it('shows a language the campaign has, with its interface: German', async () => {
    const element = await mount('el-salvador', { lang: 'de-AT' });
    expect(inside(element, '.root').lang).to.equal('de');
    expect(textOf(inside(element, 'button[type="submit"]'))).to.equal('Petition unterschreiben');
    expect(textOf(inside(element, '[part="consent"]'))).to.contain(
      'nur mit Ihrem Namen und Ihrem Ort',
    );
  });

  it('formats the count per language: 785 / 1,785 / 1 785 / ١٬٧٨٥, with its plural form', async () => {
    const count = async (campaign: string, lang: string) =>
      textOf(inside(await mount(campaign, { lang }), '.counter strong')).replace(/\s/g, ' ');
    expect(await count('el-salvador', 'en')).to.equal('785');
    expect(await count('thousands', 'en')).to.equal('1,785');
    expect(await count('thousands', 'fr')).to.equal('1 785');
    expect(await count('thousands', 'de')).to.equal('1.785');
    expect(await count('thousands', 'ar')).to.equal('١٬٧٨٥');
    const arabic = await mount('thousands', { lang: 'ar' });
    expect(textOf(inside(arabic, '.counter'))).to.equal('وقّع ١٬٧٨٥ شخصًا');
  });

  it('adds no number a sentence does not place: Arabic says zero, one and two in words', async () => {
    const answer = await (
      await fetch(`${await apiUrl()}/api/campaigns/el-salvador?lang=ar`)
    ).json();
    const drawn = async (total: number) => {
      const container = await fixture<HTMLDivElement>(html`<div></div>`);
      render(
        tallyView(answer.strings, {
          signatures: total,
          offset: 0,
          total,
          goal: null,
          goalMode: 'fixed',
        }),
        container,
      );
      return textOf(container.querySelector('.counter')!);
    };
    expect(await drawn(0)).to.equal('لم يوقّع أحد بعد');
    expect(await drawn(1)).to.equal('وقّع شخص واحد');
    expect(await drawn(2)).to.equal('وقّع شخصان');
    expect(await drawn(3)).to.equal('وقّع ٣ أشخاص');
  });

  it('keeps the answer for the language it shows now, not a slower one asked for before', async () => {
    // The French answer arrives late, after the Spanish one, whatever its abort: it is stale.
    const realFetch = window.fetch;
    window.fetch = async (input, init) => {
      if (!String(input).includes('lang=fr')) return realFetch(input, init);
      const response = await realFetch(input, { ...init, signal: null });
      await aTimeout(400);
      return response;
    };
    try {
      const element = document.createElement('petition-widget');
      element.setAttribute('campaign', 'el-salvador');
      element.setAttribute('api', await apiUrl());
      element.setAttribute('lang', 'fr');
      (await fixture<HTMLDivElement>(html`<div></div>`)).append(element);
      await aTimeout(50);
      element.setAttribute('lang', 'es');
      await waitUntil(() => element.shadowRoot?.querySelector('.counter'), 'no answer');
      await aTimeout(600);
      expect(inside(element, '.root').lang).to.equal('es');
    } finally {
      window.fetch = realFetch;
    }
  });
});
