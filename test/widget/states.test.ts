/**
 * Every state the widget can be in, checked by axe-core in both colour themes, and the motion
 * it drops under `prefers-reduced-motion`.
 *
 * The real API serves every state it can (signed, already signed, closed, unknown campaign). The
 * states that need a network in trouble (sending held, offline, retrying) stub `fetch` or
 * `navigator.onLine` for one test and restore them after.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { PetitionWidget } from '../../widget/petition-widget.ts';
import { fillForm, inside, mount, textOf, uniqueEmail } from './helpers.ts';

const person = (email = uniqueEmail()) => ({
  firstName: 'Ana',
  lastName: 'Martínez',
  email,
  city: 'Toronto',
});

const realFetch = window.fetch;
const onLine = Object.getOwnPropertyDescriptor(Navigator.prototype, 'onLine')!;

/** Lets GETs through and answers POSTs with `answer`. */
function stubPosts(answer: () => Promise<Response>): void {
  window.fetch = (input, init) => (init?.method === 'POST' ? answer() : realFetch(input, init));
}

function submit(element: PetitionWidget): void {
  inside(element, 'button[type="submit"]').click();
}

async function signed(element: PetitionWidget, values = person()): Promise<void> {
  await fillForm(element, values);
  submit(element);
  await waitUntil(() => element.shadowRoot!.querySelector('[part="thanks"]'), 'no thank-you', {
    timeout: 5000,
  });
}

afterEach(async () => {
  window.fetch = realFetch;
  delete (Navigator.prototype as Partial<Navigator>).share;
  Object.defineProperty(Navigator.prototype, 'onLine', onLine);
  localStorage.clear();
  await emulateMedia({ reducedMotion: 'no-preference', colorScheme: 'light' });
});

for (const theme of ['light', 'dark'] as const) {
  describe(`petition-widget states are accessible (${theme} theme)`, () => {
    const open = (campaign = 'el-salvador') => mount(campaign, { theme });

    it('empty, with the letter open', async () => {
      const element = await open();
      // The theme really applies (a reset inside the shadow root once dropped it).
      const background = getComputedStyle(inside(element, '.root')).backgroundColor;
      expect(background).to.equal(theme === 'dark' ? 'rgb(27, 27, 31)' : 'rgb(255, 255, 255)');
      await expect(element).to.be.accessible();
      inside<HTMLDetailsElement>(element, 'details').open = true;
      await expect(element).to.be.accessible();
    });

    it('with a goal and a progress bar', async () => {
      const element = await open('with-goal');
      expect(inside(element, 'progress').getAttribute('aria-label')).to.equal(
        'Signatures towards the goal',
      );
      await expect(element).to.be.accessible();
    });

    it('with client errors', async () => {
      const element = await open();
      await fillForm(element, { firstName: 'Ana', email: 'not-an-email' });
      submit(element);
      await waitUntil(() => element.shadowRoot!.querySelector('.error'));
      expect(element.shadowRoot!.querySelectorAll('[aria-invalid="true"]')).to.have.length(3);
      await expect(element).to.be.accessible();
    });

    it('sending (the answer held back)', async () => {
      stubPosts(() => new Promise(() => {}));
      const element = await open();
      await fillForm(element, person());
      submit(element);
      await element.updateComplete;
      expect(textOf(inside(element, 'button[type="submit"]'))).to.equal('Sending…');
      await expect(element).to.be.accessible();
    });

    it('retrying after a network failure, the form data kept', async () => {
      stubPosts(() => Promise.reject(new TypeError('Failed to fetch')));
      const element = await open();
      await fillForm(element, person());
      submit(element);
      await waitUntil(
        () => textOf(element.shadowRoot!.querySelector('.status')).includes('keep trying'),
        'not retrying',
      );
      expect(inside<HTMLInputElement>(element, 'input[name="firstName"]').value).to.equal('Ana');
      await expect(element).to.be.accessible();
    });

    it('offline, the signature kept for later', async () => {
      const element = await open();
      await fillForm(element, person());
      Object.defineProperty(Navigator.prototype, 'onLine', {
        configurable: true,
        get: () => false,
      });
      submit(element);
      await waitUntil(
        () => textOf(element.shadowRoot!.querySelector('.status')).includes('offline'),
        'not offline',
      );
      await expect(element).to.be.accessible();
    });

    it('thanked', async () => {
      const element = await open();
      await signed(element);
      expect(textOf(inside(element, '[part="thanks"]'))).to.contain('Thank you, Ana!');
      await expect(element).to.be.accessible();
    });

    it('thanked, on a browser with the Web Share API', async () => {
      Object.defineProperty(Navigator.prototype, 'share', {
        configurable: true,
        value: async () => {},
      });
      const element = await open();
      await signed(element);
      expect(element.shadowRoot!.querySelectorAll('[part="thanks"] a')).to.have.length(0);
      expect(textOf(inside(element, '[part="thanks"] button'))).to.equal('Share this petition');
      await expect(element).to.be.accessible();
    });

    it('already signed', async () => {
      const values = person();
      await signed(await open(), values);
      localStorage.clear();
      const element = await open();
      await signed(element, values);
      expect(textOf(inside(element, '[part="thanks"]'))).to.contain('already signed');
      await expect(element).to.be.accessible();
    });

    it('remembered from an earlier visit', async () => {
      localStorage.setItem('petition-signed:el-salvador', '1');
      const element = await open();
      expect(textOf(inside(element, '[part="thanks"]'))).to.contain('on this device');
      await expect(element).to.be.accessible();
    });

    it('closed', async () => {
      const element = await open('closed');
      expect(textOf(inside(element, 'h2'))).to.equal('This petition is closed.');
      await expect(element).to.be.accessible();
    });

    it('loading', async () => {
      window.fetch = () => new Promise(() => {});
      const element = document.createElement('petition-widget');
      element.setAttribute('campaign', 'el-salvador');
      element.setAttribute('theme', theme);
      document.body.append(element);
      await element.updateComplete;
      expect(inside(element, '.root').getAttribute('aria-busy')).to.equal('true');
      await expect(element).to.be.accessible();
      element.remove();
    });

    it('failed to load', async () => {
      const element = await open('no-such-campaign');
      expect(textOf(inside(element, '[role="alert"]'))).to.contain('could not be loaded');
      await expect(element).to.be.accessible();
    });
  });
}

/**
 * The transition of the goal bar's filled part. getComputedStyle cannot read
 * `::-webkit-progress-value`, so this applies the widget's own rules for it in order, each
 * `@media` block only when the page matches it now.
 */
function progressValueTransition(element: PetitionWidget): string {
  let duration = '0s';
  const apply = (rules: CSSRuleList) => {
    for (const rule of rules) {
      if (rule instanceof CSSMediaRule && matchMedia(rule.conditionText).matches)
        apply(rule.cssRules);
      if (rule instanceof CSSStyleRule && rule.selectorText.includes('::-webkit-progress-value')) {
        duration = rule.style.transitionDuration || duration;
      }
    }
  };
  for (const sheet of element.shadowRoot!.adoptedStyleSheets) apply(sheet.cssRules);
  return duration;
}

describe('petition-widget theme="auto"', () => {
  it('follows the system into dark, accessibly', async () => {
    await emulateMedia({ colorScheme: 'dark' });
    const element = await mount('with-goal', { theme: 'auto' });
    expect(getComputedStyle(inside(element, '.root')).backgroundColor).to.equal('rgb(27, 27, 31)');
    await expect(element).to.be.accessible();
  });
});

describe('petition-widget motion', () => {
  it('spins and slides by default, and holds still under prefers-reduced-motion', async () => {
    stubPosts(() => new Promise(() => {}));
    const element = await mount('with-goal');
    await fillForm(element, person());
    submit(element);
    await element.updateComplete;
    const spinner = inside(element, 'button .spinner');
    inside(element, 'progress');
    const barTransition = () => progressValueTransition(element);
    expect(getComputedStyle(spinner).animationName).to.equal('spin');
    expect(barTransition()).to.equal('0.6s');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(spinner).animationName).to.equal('none');
    expect(barTransition()).to.equal('0s');
  });
});
