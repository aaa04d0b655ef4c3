/**
 * The supporter's result: a heading that takes focus (and so is read out and brought on screen,
 * see bringToView), what happened, sharing, and signing for someone else.
 */
import { html } from 'lit/html.js';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import { page as here } from './page.ts';
import { fill } from './strings.ts';

export interface ThanksContext {
  /**
   * Signed now, already signed with this email, signed on this device earlier, or (a campaign
   * with email verification) waiting for the link mailed to `email`.
   */
  view: 'thanks' | 'already' | 'remembered' | 'confirm';
  name: string;
  email: string;
  /** "Send it again": its outcome once pressed ('' before). */
  message: string;
  onResend: () => void;
  title: string;
  onShare: (url: string) => void;
  onSignAnother: () => void;
}

export function thanksView(t: InterfaceStrings, context: ThanksContext) {
  const { view, name, title, onShare, onSignAnother } = context;
  const page = here.source.split('#')[0];
  const url = encodeURIComponent(page);
  const message = encodeURIComponent(fill(t.shareText, { title }));
  const confirm = view === 'confirm';
  return html`<div class="thanks" part="thanks">
    <h2 tabindex="-1">${confirm ? t.oneMoreStep : view === 'thanks' ? fill(t.thanks, { name }) : t.thankYou}</h2>
    <p>${
      confirm
        ? // The address masked: a screen behind the supporter need not read it.
          fill(t.checkEmail, { email: context.email.replace(/^(.)[^@]*/, '$1***') })
        : view === 'thanks'
          ? t.signed
          : t[view]
    }</p>
    ${
      confirm
        ? html`<button part="button" type="button" @click=${context.onResend}>${t.sendAgain}</button><p role="status">${context.message}</p>`
        : 'share' in navigator
          ? html`<button part="button" type="button" @click=${() => onShare(page)}>${t.share}</button>`
          : html`<p><strong>${t.share}</strong></p>
            <ul class="share">
              <li><a href="mailto:?subject=${message}&body=${url}">${t.shareEmail}</a></li>
              <li><a href="https://wa.me/?text=${message}%20${url}" target="_blank" rel="noopener">WhatsApp</a></li>
              <li><a href="https://www.facebook.com/sharer/sharer.php?u=${url}" target="_blank" rel="noopener">Facebook</a></li>
              <li><a href="https://x.com/intent/post?text=${message}&url=${url}" target="_blank" rel="noopener">X</a></li>
            </ul>`
    }
    <button part="button" class="secondary" type="button" @click=${onSignAnother}>${t.signAnother}</button>
  </div>`;
}

/**
 * Focuses `target` and, when its panel is not on screen, brings it there: on a phone the form is
 * far taller than the thank-you that replaces it, which would otherwise end above the viewport.
 */
export function bringToView(target: HTMLElement): void {
  target.focus({ preventScroll: true });
  const box = (target.closest('[part="thanks"]') ?? target).getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) {
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ block: 'center', behavior: still ? 'instant' : 'smooth' });
  }
}
