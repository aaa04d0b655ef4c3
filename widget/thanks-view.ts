/**
 * The supporter's result, drawn by the second chunk (thanks-chunk.ts, loaded once the form is
 * drawn): a heading that takes focus (and so is read out and brought on screen), what happened,
 * sharing, and signing for someone else; on a campaign with email confirmation, One more step and
 * "Send it again". Lit's `html` comes from widget.js (the kit): the chunk bundles no Lit of its own.
 */
import type { html as litHtml } from 'lit';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import { postResend } from './api.ts';
import { fill } from './strings.ts';

/** What widget.js lends the chunk. */
export interface Kit {
  html: typeof litHtml;
}

/**
 * One signing's outcome: signed now, already signed with this email, signed on this device
 * earlier, or (a campaign with email verification) waiting for the link mailed to `email`. A new
 * object for each signing: the chunk keeps its own state (what "Send it again" said) by it.
 */
export interface Signed {
  view: 'thanks' | 'already' | 'remembered' | 'confirm';
  name: string;
  email: string;
}

export interface ThanksContext {
  signed: Signed;
  api: string;
  slug: string;
  lang: string;
  title: string;
  /** The page's address (in frame mode, the page that framed it). */
  source: string;
  /** Draws again (the element). */
  update: () => void;
  onSignAnother: () => void;
}

/** What "Send it again" said, by signing. */
const resent = new WeakMap<Signed, string>();

/** "Send it again": the server answers alike whatever the address, so a failure is the network's. */
function resend(t: InterfaceStrings, context: ThanksContext): void {
  const { signed, update } = context;
  const say = (message: string) => {
    resent.set(signed, message);
    update();
  };
  say(t.sending);
  postResend(context.api, context.slug, signed.email, context.lang).then(
    () => say(t.sentAgain),
    () => say(''),
  );
}

export function thanksView({ html }: Kit, t: InterfaceStrings, context: ThanksContext) {
  const { signed, title } = context;
  const { view, name } = signed;
  const page = context.source.split('#')[0];
  const url = encodeURIComponent(page);
  const message = encodeURIComponent(fill(t.shareText, { title }));
  const confirm = view === 'confirm';
  return html`<div class="thanks" part="thanks">
    <h2 tabindex="-1">${confirm ? t.oneMoreStep : view === 'thanks' ? fill(t.thanks, { name }) : t.thankYou}</h2>
    <p>${
      confirm
        ? // The address masked: a screen behind the supporter need not read it.
          fill(t.checkEmail, { email: signed.email.replace(/^(.)[^@]*/, '$1***') })
        : view === 'thanks'
          ? t.signed
          : t[view]
    }</p>
    ${
      confirm
        ? html`<button part="button" type="button" @click=${() => resend(t, context)}>${t.sendAgain}</button><p role="status">${resent.get(signed) ?? ''}</p>`
        : 'share' in navigator
          ? html`<button part="button" type="button" @click=${() => navigator.share({ title, url: page }).catch(() => {})}>${t.share}</button>`
          : html`<p><strong>${t.share}</strong></p>
            <ul class="share">
              <li><a href="mailto:?subject=${message}&body=${url}">${t.shareEmail}</a></li>
              <li><a href="https://wa.me/?text=${message}%20${url}" target="_blank" rel="noopener">WhatsApp</a></li>
              <li><a href="https://www.facebook.com/sharer/sharer.php?u=${url}" target="_blank" rel="noopener">Facebook</a></li>
              <li><a href="https://x.com/intent/post?text=${message}&url=${url}" target="_blank" rel="noopener">X</a></li>
            </ul>`
    }
    <button part="button" class="secondary" type="button" @click=${context.onSignAnother}>${t.signAnother}</button>
  </div>`;
}
