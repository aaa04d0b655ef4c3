/**
 * The states the screenshots capture: how each one is set up before the page loads, which
 * `data-*` attributes its script tag gets, and what a supporter does to reach it.
 */
import type { BrowserContext, Page, Route } from 'playwright-core';

/** One state to capture. */
export interface Shot {
  /** Sets the scene before the page loads (storage, routes, network). */
  before?: (context: BrowserContext, page: Page) => Promise<void>;
  /** `data-*` attributes added to the page's script tag (campaign, lang, theme). */
  attributes?: Record<string, string>;
  /** What shows the widget has drawn (default: the counter). */
  ready?: string;
  /** Brings the loaded widget into the state to capture. */
  act?: (page: Page) => Promise<void>;
}

let serial = 0;
const person = (email = `shot.${Date.now().toString(36)}.${serial++}@example.org`) => ({
  firstName: 'Ana',
  lastName: 'Martínez',
  email,
  city: 'Toronto',
});

async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    await page.locator(`petition-widget input[name="${name}"]`).fill(value);
  }
}

const submit = (page: Page) => page.locator('petition-widget button[type="submit"]').click();

async function signAndWait(page: Page, values = person()): Promise<void> {
  await fill(page, values);
  await submit(page);
  await page.locator('petition-widget [part="thanks"]').waitFor();
}

/** A first name and a wrong email, sent: two kinds of error on screen. */
async function showErrors(page: Page): Promise<void> {
  await fill(page, { firstName: 'Ana', email: 'not-an-email' });
  await submit(page);
  await page.locator('petition-widget .error').first().waitFor();
}

/** The email of the "already signed" state: take.ts signs it through the API first. */
export const alreadySigned = person('already.signed@example.org');

/** Every state, by name (the name ends the file name). */
export const SHOTS: Record<string, Shot> = {
  empty: {},
  loading: {
    ready: '[aria-busy="true"] .spinner',
    before: async (_context, page) => {
      await page.route(/\/api\/campaigns\/[^/]+\?/, () => new Promise<void>(() => {}));
    },
  },
  'load-failed': {
    ready: '[role="alert"]',
    before: async (_context, page) => {
      await page.route(/\/api\/campaigns\/[^/]+\?/, (route: Route) =>
        route.abort('connectionrefused'),
      );
    },
  },
  errors: {
    act: (page) => showErrors(page),
  },
  sending: {
    // The POST is held until the context closes: the button stays in its sending state.
    before: async (_context, page) => {
      await page.route('**/signatures', () => new Promise<void>(() => {}));
    },
    act: async (page) => {
      await fill(page, person());
      await submit(page);
      await page.locator('petition-widget button[aria-disabled="true"]').waitFor();
    },
  },
  thanks: { act: (page) => signAndWait(page) },
  'thanks-web-share': {
    // A phone browser with the Web Share API: one share button instead of the links.
    before: async (context) => {
      // A string: tsx would wrap a function's inner functions in a helper the page does not have.
      await context.addInitScript({
        content: 'Navigator.prototype.share = async function share() {};',
      });
    },
    act: (page) => signAndWait(page),
  },
  already: { act: (page) => signAndWait(page, alreadySigned) },
  remembered: {
    before: async (context) => {
      await context.addInitScript(() => localStorage.setItem('petition-signed:el-salvador', '1'));
    },
  },
  offline: {
    act: async (page) => {
      await fill(page, person());
      await page.context().setOffline(true);
      await submit(page);
      await page
        .locator('petition-widget .status')
        .getByText(/offline/)
        .waitFor();
    },
  },
  retrying: {
    before: async (_context, page) => {
      await page.route('**/signatures', (route: Route) => route.abort('connectionrefused'));
    },
    act: async (page) => {
      await fill(page, person());
      await submit(page);
      await page
        .locator('petition-widget .status')
        .getByText(/keep trying/)
        .waitFor();
    },
  },
  'errors-fixing': {
    // One field fixed after a submit: its error goes without another submit.
    act: async (page) => {
      await submit(page);
      await page.locator('petition-widget .error').first().waitFor();
      await fill(page, { firstName: 'Maria' });
    },
  },
  resuming: {
    // A signature saved on an earlier visit, being sent (the POST held back).
    before: async (context, page) => {
      await page.route('**/signatures', () => new Promise<void>(() => {}));
      await context.addInitScript({
        content: `new MutationObserver((_records, observer) => {
          const script = document.querySelector('script[data-campaign]');
          if (!script) return;
          observer.disconnect();
          const key = 'petition-pending:' + new URL(script.src).origin + '|el-salvador';
          const body = JSON.stringify({ firstName: 'Ana', lastName: 'Martínez', email: 'ana@example.org', city: 'Toronto' });
          localStorage.setItem(key, JSON.stringify({ key: 'screenshot-resume', body, at: Date.now() }));
        }).observe(document, { childList: true, subtree: true });`,
      });
    },
    act: (page) =>
      page
        .locator('petition-widget .status')
        .getByText(/earlier/)
        .waitFor(),
  },
  'large-text': {
    // The reader's browser set to 24 px text.
    before: async (context) => {
      await context.addInitScript({
        content: `document.addEventListener('DOMContentLoaded', () => document.documentElement.style.setProperty('font-size', '24px'));`,
      });
    },
  },
  'yellow-accent': {
    // The page sets only --petition-accent: the button's text is picked for contrast.
    before: async (context) => {
      await context.addInitScript({
        content: `new MutationObserver((_records, observer) => {
          const widget = document.querySelector('petition-widget');
          if (!widget) return;
          observer.disconnect();
          widget.style.setProperty('--petition-accent', '#ffff00');
          widget.style.setProperty('--petition-accent-text', '');
        }).observe(document, { childList: true, subtree: true });`,
      });
    },
  },
  'zoom-200': {
    // A 360 px phone at 200% zoom: 180 CSS px.
    before: (_context, page) => page.setViewportSize({ width: 180, height: 1600 }),
  },
  closed: { attributes: { campaign: 'closed' } },
  goal: { attributes: { campaign: 'with-goal' } },
  'extra-fields': { attributes: { campaign: 'with-fields' } },
  french: { attributes: { campaign: 'with-goal', lang: 'fr' } },
  'french-errors': {
    attributes: { lang: 'fr' },
    act: async (page) => {
      await submit(page);
      await page.locator('petition-widget .error').first().waitFor();
    },
  },
  arabic: { attributes: { campaign: 'with-goal', lang: 'ar' } },
  'arabic-errors': {
    attributes: { lang: 'ar' },
    act: (page) => showErrors(page),
  },
  'arabic-thanks': { attributes: { lang: 'ar' }, act: (page) => signAndWait(page) },
  german: { attributes: { campaign: 'with-goal', lang: 'de' } },
  'german-errors': {
    attributes: { lang: 'de' },
    act: async (page) => {
      await submit(page);
      await page.locator('petition-widget .error').first().waitFor();
    },
  },
  dark: { attributes: { theme: 'dark', campaign: 'with-goal' } },
  'dark-errors': {
    attributes: { theme: 'dark' },
    act: (page) => showErrors(page),
  },
  'dark-thanks': { attributes: { theme: 'dark' }, act: (page) => signAndWait(page) },
  'auto-on-dark-system': {
    attributes: { theme: 'auto', campaign: 'with-goal' },
    before: (_context, page) => page.emulateMedia({ colorScheme: 'dark' }),
  },
  focus: {
    act: async (page) => {
      await page.locator('petition-widget input[name="firstName"]').focus();
      await page.keyboard.press('Tab');
    },
  },
  letter: {
    act: async (page) => {
      await page.locator('petition-widget summary').click();
    },
  },
  // A partner's page: the partner's own opt-in under the host's, and who receives what.
  partner: { attributes: { partner: 'oxfam' } },
  'partner-ticked': {
    attributes: { partner: 'oxfam' },
    act: async (page) => {
      await page.locator('petition-widget input[name="partnerOptIn"]').check();
      await page.locator('petition-widget input[name="partnerOptIn"]').focus();
    },
  },
  'partner-french': { attributes: { partner: 'oxfam', lang: 'fr' } },
  'partner-arabic': { attributes: { partner: 'oxfam', lang: 'ar' } },
  'partner-dark': { attributes: { partner: 'oxfam', theme: 'dark' } },
};
