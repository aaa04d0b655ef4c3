/**
 * The page behind a confirmation link (`/confirm/{token}`), on the API's origin: the campaign's
 * title and one "Confirm my signature" button, or what became of the link (confirmed, already
 * confirmed, expired, unknown, damaged), in the reader's language. No script and nothing from
 * elsewhere: its one style block is allowed by its hash, and its form may only post back here.
 * Every text goes through hono/html's escaping.
 */
import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import { written } from '../mail/confirmation-mail.ts';
import type { ConfirmationTexts } from '../mail/confirmation-texts.ts';
import { fill } from '../mail/confirmation-texts.ts';

const STYLE = `body{font:17px/1.55 system-ui,Arial,sans-serif;color:#1a1a1a;background:#f6f6f6;margin:0}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px}
h1{font-size:1.5rem;line-height:1.3;margin:0 0 1rem}p{margin:0 0 1rem}
button{font:inherit;font-weight:700;padding:.75rem 1.25rem;border:0;border-radius:6px;background:#1a1a1a;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #0a58ca;outline-offset:3px}
@media (max-width:40rem){main{margin:0;border-radius:0;min-height:100vh;box-sizing:border-box}}`;

/** The page's Content-Security-Policy: its own style, a form posting here, nothing else. */
export const CONFIRM_PAGE_CSP =
  `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; ` +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/** What the page shows. */
export type ConfirmPageState =
  | 'ask'
  | 'confirmed'
  | 'already_confirmed'
  | 'expired'
  | 'unknown'
  | 'tampered';

/** The HTTP status each state answers with: only asking and confirming are a success. */
export const CONFIRM_PAGE_STATUS: Record<ConfirmPageState, 200 | 400 | 404 | 409 | 410> = {
  ask: 200,
  confirmed: 200,
  already_confirmed: 409,
  expired: 410,
  unknown: 404,
  tampered: 400,
};

function words(
  state: ConfirmPageState,
  t: ConfirmationTexts,
  title: string,
  linkDays: number,
): { heading: string; body: string } {
  switch (state) {
    case 'ask':
      return { heading: t.pageTitle, body: fill(t.pageIntro, { title }) };
    case 'confirmed':
      return { heading: t.confirmedTitle, body: fill(t.confirmedBody, { title }) };
    case 'already_confirmed':
      return { heading: t.alreadyConfirmedTitle, body: t.alreadyConfirmedBody };
    case 'expired':
      return { heading: t.expiredTitle, body: fill(t.expiredBody, { days: linkDays }) };
    case 'unknown':
      return { heading: t.unknownTitle, body: t.unknownBody };
    case 'tampered':
      return { heading: t.tamperedTitle, body: t.tamperedBody };
  }
}

/** The page for a state; `action` is where the button posts (the link itself). */
export function confirmPage(options: {
  state: ConfirmPageState;
  texts: ConfirmationTexts;
  lang: string;
  /** The campaign's title in `lang` ('' when the link names no campaign we know). */
  title: string;
  action: string;
  linkDays: number;
}): string {
  const { state, texts: t, lang, title } = options;
  const { heading, body } = words(state, t, title, options.linkDays);
  return written(html`<!doctype html>
<html lang="${lang}" dir="${t.dir}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title ? `${heading}: ${title}` : heading}</title><style>${raw(STYLE)}</style></head>
<body><main>
<h1>${heading}</h1>
<p>${body}</p>
${
  state === 'ask'
    ? html`<form method="post" action="${options.action}"><button type="submit">${t.confirmButton}</button></form>`
    : ''
}
</main></body></html>`);
}
