/**
 * The supporter's path (issue 15): focus and view after signing, a pending signature that cannot
 * be edited, a readable button on any accent, the reader's text size, errors that go once fixed,
 * a quiet counter, the words.
 */
import { aTimeout, expect, fixture, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { html } from 'lit/html.js';
import type { PetitionWidget } from '../../widget/petition-widget.ts';
import { contrastRatio } from '../../widget/contrast.ts';
import { apiUrl, fillForm, inside, mount, serverCounter, textOf, uniqueEmail } from './helpers.ts';

const person = () => ({
  firstName: 'Ana',
  lastName: 'Martínez',
  email: uniqueEmail(),
  city: 'Toronto',
});
const realFetch = window.fetch;
const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;
const setOnline = (value: boolean) =>
  Object.defineProperty(Navigator.prototype, 'onLine', { configurable: true, get: () => value });
const active = (element: PetitionWidget) => element.shadowRoot!.activeElement;
const submit = (element: PetitionWidget) => inside(element, 'button[type="submit"]').click();

afterEach(() => {
  window.fetch = realFetch;
  Object.defineProperty(Navigator.prototype, 'onLine', onLine);
  document.documentElement.style.fontSize = '';
  localStorage.clear();
});

describe('after signing', () => {
  it('focuses the thank-you heading, without the form heading above it; "sign for someone else" focuses First name', async () => {
    const element = await mount();
    await fillForm(element, person());
    submit(element);
    await waitUntil(() => element.shadowRoot!.querySelector('[part="thanks"]'), 'no thank-you', {
      timeout: 5000,
    });
    await element.updateComplete;
    expect(active(element)?.localName).to.equal('h2');
    expect(textOf(active(element))).to.equal('Thank you, Ana!');
    expect(element.shadowRoot!.querySelectorAll('h2')).to.have.length(1);
    inside(element, '.secondary').click();
    await element.updateComplete;
    expect(active(element)?.id).to.equal('firstName');
  });
});

describe('bringing the thank-you on screen', () => {
  for (const motion of ['no-preference', 'reduce'] as const) {
    it(`scrolls to it when it ended off screen (${motion === 'reduce' ? 'at once, under reduced motion' : 'smoothly'})`, async () => {
      await emulateMedia({ reducedMotion: motion });
      const calls: unknown[] = [];
      const original = HTMLElement.prototype.scrollIntoView;
      HTMLElement.prototype.scrollIntoView = (options?: boolean | ScrollIntoViewOptions) => {
        calls.push(options);
      };
      try {
        const element = await mount();
        await fillForm(element, person());
        // The page scrolled past the widget's top, as on a phone at the button of a long form.
        const spacer = document.createElement('div');
        spacer.style.height = '4000px';
        document.body.append(spacer);
        window.scrollTo(0, element.getBoundingClientRect().bottom + scrollY);
        submit(element);
        await waitUntil(
          () => element.shadowRoot!.querySelector('[part="thanks"]'),
          'no thank-you',
          { timeout: 5000 },
        );
        await element.updateComplete;
        spacer.remove();
        expect(calls.at(-1)).to.deep.equal({
          block: 'center',
          behavior: motion === 'reduce' ? 'instant' : 'smooth',
        });
      } finally {
        HTMLElement.prototype.scrollIntoView = original;
        await emulateMedia({ reducedMotion: 'no-preference' });
      }
    });
  }
});

describe('a signature waiting to be sent', () => {
  it('locks the fields with a line saying why, reads as waiting, and sends what was shown', async () => {
    const before = await serverCounter();
    const element = await mount();
    await fillForm(element, { ...person(), firstName: 'Tia' });
    setOnline(false);
    submit(element);
    await element.updateComplete;
    const first = inside<HTMLInputElement>(element, '#firstName');
    expect(first.readOnly).to.equal(true);
    expect(textOf(inside(element, '#locked'))).to.contain('can no longer be changed');
    expect(first.getAttribute('aria-describedby')).to.equal('locked');
    const button = inside(element, 'button[type="submit"]');
    expect(textOf(button)).to.equal('Waiting to send');
    expect(Boolean(button.querySelector('.spinner')), 'not spinning').to.equal(false);
    expect(textOf(inside(element, '.status'))).to.contain(
      'will be sent when this page is open and online',
    );
    await expect(element).to.be.accessible();
    setOnline(true);
    window.dispatchEvent(new Event('online'));
    await waitUntil(
      () => element.shadowRoot!.querySelector('[part="thanks"]'),
      'not sent once online',
      { timeout: 5000 },
    );
    expect(textOf(inside(element, 'h2'))).to.equal('Thank you, Tia!');
    expect((await serverCounter()).total).to.equal(before.total + 1);
  });

  it('tells a supporter who comes back that the saved signature is being sent', async () => {
    const element = document.createElement('petition-widget');
    element.setAttribute('api', await apiUrl());
    element.setAttribute('campaign', 'el-salvador');
    const api = await apiUrl();
    localStorage.setItem(
      `petition-pending:${api}|el-salvador`,
      JSON.stringify({ key: 'k'.repeat(16), body: '{}', at: Date.now() }),
    );
    window.fetch = (input, init) =>
      init?.method === 'POST' ? new Promise(() => {}) : realFetch(input, init);
    await fixture(html`<div></div>`).then((div) => div.append(element));
    await waitUntil(
      () => textOf(element.shadowRoot!.querySelector('.status')).length,
      'no status',
      { timeout: 5000 },
    );
    expect(textOf(inside(element, '.status'))).to.equal('Sending the signature you saved earlier…');
    expect(inside<HTMLInputElement>(element, '#email').readOnly).to.equal(true);
  });
});

describe('a saved signature when the API cannot be reached', () => {
  it('says, in the one English line, that the signature is still saved', async () => {
    const api = await apiUrl();
    localStorage.setItem(
      `petition-pending:${api}|no-such-campaign`,
      JSON.stringify({ key: 'k'.repeat(16), body: '{}', at: Date.now() }),
    );
    const element = await mount('no-such-campaign');
    expect(textOf(inside(element, '[role="alert"]'))).to.equal(
      'The petition could not be loaded. Your signature is still saved on this device. Try again',
    );
    await expect(element).to.be.accessible();
  });
});

describe('the button on any accent', () => {
  it('picks black text on a yellow accent when the page sets no text colour', async () => {
    const element = await mount();
    element.style.setProperty('--petition-accent', '#ffff00');
    element.requestUpdate();
    await element.updateComplete;
    const style = getComputedStyle(inside(element, 'button[type="submit"]'));
    expect(style.color).to.equal('rgb(0, 0, 0)');
    expect(contrastRatio(style.backgroundColor, style.color)).to.be.at.least(4.5);
  });

  it('warns once, naming both properties, when the page sets both and they read badly', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.join(' '));
    try {
      const element = await mount();
      element.style.setProperty('--petition-accent', '#ffcccc');
      element.style.setProperty('--petition-accent-text', '#ffffff');
      element.requestUpdate();
      await element.updateComplete;
      element.requestUpdate();
      await element.updateComplete;
      expect(warnings).to.have.length(1);
      expect(warnings[0])
        .to.contain('--petition-accent-text')
        .and.contain('--petition-accent ')
        .and.contain('1.42:1');
    } finally {
      console.warn = warn;
    }
  });
});

describe('text size', () => {
  it("follows the reader's font size (24 px), and --petition-font-size still wins", async () => {
    document.documentElement.style.fontSize = '24px';
    const element = await mount();
    expect(parseFloat(getComputedStyle(inside(element, '#firstName')).fontSize)).to.be.at.least(24);
    expect(
      parseFloat(getComputedStyle(inside(element, '[part="consent"] p')).fontSize),
    ).to.be.at.least(20);
    expect(
      inside(element, 'input[name="optIn"]').getBoundingClientRect().width,
      'the opt-in box grows too',
    ).to.be.at.least(24);
    element.style.setProperty('--petition-font-size', '17px');
    expect(getComputedStyle(inside(element, '#firstName')).fontSize).to.equal('17px');
  });
});

describe('errors', () => {
  it('go as soon as a field is fixed, and come when a field is left wrong, without a submit', async () => {
    const element = await mount();
    await fillForm(element, { firstName: 'Ana' });
    submit(element);
    await element.updateComplete;
    expect(textOf(inside(element, '.status'))).to.equal('3 fields need attention.');
    await fillForm(element, { lastName: 'Ruiz' });
    expect(
      Boolean(element.shadowRoot!.querySelector('#lastName-error')),
      'fixed: gone while typing',
    ).to.equal(false);
    expect(inside(element, '#lastName').getAttribute('aria-invalid')).to.equal('false');
    expect(textOf(inside(element, '.status'))).to.equal('2 fields need attention.');
    await fillForm(element, { email: 'maria@' });
    expect(textOf(inside(element, '#email-error')), 'the new fault, in words').to.contain(
      'name@example.org',
    );
    const first = inside<HTMLInputElement>(element, '#firstName');
    first.focus();
    first.value = '';
    first.blur();
    await element.updateComplete;
    expect(textOf(inside(element, '#firstName-error')), 'left wrong: shown on blur').to.equal(
      'First name is required.',
    );
    expect(textOf(inside(element, '.status'))).to.equal('3 fields need attention.');
    await fillForm(element, { firstName: 'Ana', email: 'maria@example.org', city: 'Lyon' });
    expect(textOf(inside(element, '.status'))).to.equal('');
    expect(element.shadowRoot!.querySelectorAll('[aria-invalid="true"]')).to.have.length(0);
  });
});

describe('quiet counter, plain words', () => {
  it('keeps the counter out of live regions', async () => {
    const element = await mount();
    const counter = inside(element, '.counter');
    expect(Boolean(counter.closest('[aria-live], [role="status"], [role="alert"]'))).to.equal(
      false,
    );
  });

  it('links the privacy note itself (no repeated "Privacy policy") and names sharing by email in French', async () => {
    const element = await mount('el-salvador', { lang: 'fr' });
    const link = inside<HTMLAnchorElement>(element, '[part="consent"] a');
    expect(textOf(link)).to.match(/^Les autres renseignements .*Amnesty International\.$/);
    // The policy of the organisation that collects the data (amnistie.ca is another one).
    expect(new URL(link.href).host).to.equal('www.amnesty.ca');
    await fillForm(element, person());
    submit(element);
    await waitUntil(() => element.shadowRoot!.querySelector('.share'), 'no share links', {
      timeout: 5000,
    });
    expect(textOf(inside(element, '.share a'))).to.equal('Courriel');
  });

  it('keeps "International" inside a 180 px widget (a 360 px phone at 200% zoom)', async () => {
    const box = await fixture<HTMLDivElement>(html`<div style="width: 180px"></div>`);
    const element = await mount();
    box.append(element);
    await aTimeout(0);
    const root = inside(element, '.root');
    expect(parseFloat(getComputedStyle(root).paddingLeft)).to.be.at.most(12);
    expect(root.scrollWidth).to.be.at.most(root.clientWidth);
  });
});
