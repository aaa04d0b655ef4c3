/**
 * The little an end-to-end test needs from a browser, so one test body runs in every engine:
 * Chromium and Firefox through puppeteer-core (DevTools protocol and WebDriver BiDi), WebKit
 * through WebKitGTK's WebDriver. Page code is passed as strings, never as functions: tsx would
 * wrap a function's inner functions in a helper the page does not have.
 */
import { waitFor } from '../../wait-for.ts';

/** An engine, started once for a suite; each tab is a fresh profile (no storage carried over). */
export interface Engine {
  name: 'chromium' | 'firefox' | 'webkit';
  /** Opens a tab whose page area is `width` CSS pixels wide. */
  open(width?: number): Promise<Tab>;
  close(): Promise<void>;
}

/**
 * One tab. Selectors in `type`, `click` and `text` are inside the widget's shadow root, in the
 * document `frame` chose: the page's (at first and after each `goto`), or an iframe's.
 */
export interface Tab {
  goto(url: string): Promise<void>;
  /** Works inside the iframe `selector` matches on the page from now on; `null`, the page again. */
  frame(selector: string | null): Promise<void>;
  /** Runs a function body in the page (`arguments[0]`... are `args`), awaits and returns its result. */
  run<T>(body: string, ...args: unknown[]): Promise<T>;
  /** The text of the first match of `selector` in the widget's shadow root, or null. */
  text(selector: string): Promise<string | null>;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  /** Polls a function body until it returns something truthy (JSON, not an element); returns that. */
  waitFor<T>(body: string, timeoutMs?: number): Promise<T>;
  /** A PNG of the page area as it shows now. */
  screenshot(file: string): Promise<void>;
  /** What the page (not a frame) reported: uncaught errors, rejections, console errors, CSP violations. */
  errors(): Promise<string[]>;
  /** The URLs the page requested, where the engine lets us see them; null where it does not. */
  requests(): string[] | null;
  close(): Promise<void>;
}

/** The widget's shadow root, for page code. */
export const SHADOW = "document.querySelector('petition-widget')?.shadowRoot";

/**
 * Put first in the page's `<head>` (the partner page's policy allows it by hash): records what
 * the page reports into `window.__errors`, the same way in every engine. WebKit's driver carries
 * no console log, and this also catches the policy's refusals, which throw nothing.
 */
export const ERROR_HOOK = `window.__errors = [];
addEventListener('error', (e) => __errors.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => __errors.push('rejection: ' + e.reason));
document.addEventListener('securitypolicyviolation', (e) => __errors.push('csp: ' + e.effectiveDirective + ' ' + e.blockedURI), true);
for (const level of ['error', 'warn']) {
  const original = console[level];
  console[level] = (...args) => (__errors.push(level + ': ' + args.join(' ')), original.apply(console, args));
}`;

/**
 * Reads the hook's record after a short pause (an error may be reported a task after what it broke
 * was drawn). Fails when the hook did not run (a policy that refused it, say).
 */
export const READ_ERRORS = `return new Promise((done) => setTimeout(() => done(
  Array.isArray(window.__errors) ? window.__errors : ['the error hook did not run']), 50));`;

type Run = <T>(body: string, ...args: unknown[]) => Promise<T>;

/** Tab.waitFor over a tab's `run`: a timeout says what the page reported meanwhile. */
export function waitInPage(run: Run) {
  return async <T>(body: string, timeoutMs = 10_000): Promise<T> => {
    try {
      return (await waitFor(() => run<T>(body), body, { timeout: timeoutMs, every: 50 })) as T;
    } catch (error) {
      const reported = await run<string[]>(READ_ERRORS).catch(() => ['(the page did not answer)']);
      throw new Error(
        `${(error as Error).message}; the page reported: ${reported.join(' | ') || 'nothing'}`,
      );
    }
  };
}
