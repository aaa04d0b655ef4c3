/**
 * The confirmation mails, written: `confirm` (the link to confirm a new signature), `reminder`
 * (the same, once, when it was not confirmed in time) and `already_signed` (the address signed
 * again after it was confirmed: no link, nothing to do). Text and HTML, in the signature's
 * language, from the campaign's sender name. Each says what was signed and to whom, and, when it
 * holds a link, that nothing counts and nothing is kept past the retention if it was not you.
 *
 * Every value in the HTML goes through hono/html's escaping: a name is what a stranger typed.
 */
import { html } from 'hono/html';
import type { Campaign } from '../campaigns/campaign.ts';
import { textsFor } from '../campaigns/campaign.ts';
import type { ConfirmationTexts } from './confirmation-texts.ts';
import { confirmationTexts, fill } from './confirmation-texts.ts';
import type { ConfirmationPayload, MailMessage } from './mail.ts';

/** What every confirmation mail needs from the server. */
export interface ConfirmationContext {
  /** The API's origin as supporters reach it: the link goes there. */
  publicUrl: string;
  /** How long a link works, and how long an unconfirmed signature is kept, in days. */
  tokenDays: number;
  keepDays: number;
  /** Who signs the mail when the campaign names no sender (PETITION_MAIL_FROM's name or address). */
  defaultSender: string;
}

/** The confirmation page's address for a token, in the signature's language. */
export function confirmationLink(publicUrl: string, token: string, lang: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/confirm/${token}?lang=${encodeURIComponent(lang)}`;
}

const BUTTON =
  'display:inline-block;padding:12px 20px;background:#1a1a1a;color:#ffffff;text-decoration:none;border-radius:4px;font-weight:bold';

interface Parts {
  subject: string;
  intro: string;
  link: string | null;
  after: string[];
}

function parts(
  kind: 'confirm' | 'reminder' | 'already_signed',
  t: ConfirmationTexts,
  title: string,
  payload: ConfirmationPayload,
  context: ConfirmationContext,
): Parts {
  const days = { days: context.keepDays };
  if (kind === 'already_signed') {
    return {
      subject: fill(t.alreadySubject, { title }),
      intro: fill(t.alreadyIntro, { title }),
      link: null,
      after: [t.alreadyNotYou],
    };
  }
  if (!payload.token) throw new Error(`a ${kind} mail without its token`);
  return {
    subject: fill(kind === 'confirm' ? t.confirmSubject : t.reminderSubject, { title }),
    intro: fill(kind === 'confirm' ? t.confirmIntro : t.reminderIntro, { title }),
    link: confirmationLink(context.publicUrl, payload.token, payload.lang),
    after: [fill(t.linkValid, { days: context.tokenDays }), fill(t.notYou, days)],
  };
}

/** hono/html's result as a string: with no asynchronous part inside, it is one already. */
export function written(value: unknown): string {
  if (value instanceof Promise) throw new Error('an asynchronous part in a synchronous template');
  return String(value);
}

/** Writes a confirmation mail of `campaign` to `to`. */
export function confirmationMail(
  kind: 'confirm' | 'reminder' | 'already_signed',
  campaign: Campaign,
  to: string,
  payload: ConfirmationPayload,
  context: ConfirmationContext,
): MailMessage {
  const { lang, texts } = textsFor(campaign, payload.lang);
  const t = confirmationTexts(lang);
  const sender = campaign.senderName ?? context.defaultSender;
  const mail = parts(kind, t, texts.title, payload, context);
  const greeting = fill(t.greeting, { name: payload.firstName });
  const whatSigned = fill(t.whatSigned, { target: campaign.target });
  // An already-signed mail answers whoever typed the address: it repeats nothing they typed.
  const signedAs =
    kind === 'already_signed'
      ? null
      : fill(t.signedAs, { name: payload.firstName, city: payload.city });
  const sentBy = fill(t.sentBy, { sender });
  const text = [
    kind === 'already_signed' ? null : greeting,
    mail.intro,
    mail.link ? `${t.confirmButton}:\n${mail.link}` : null,
    `${whatSigned}\n${texts.title}\n${texts.callToAction}`,
    signedAs,
    ...mail.after,
    `--\n${sentBy}`,
  ]
    .filter((part) => part !== null)
    .join('\n\n');
  const body = html`<!doctype html>
<html lang="${lang}" dir="${t.dir}"><head><meta charset="utf-8"><title>${mail.subject}</title></head>
<body style="font:16px/1.5 Arial,Helvetica,sans-serif;color:#1a1a1a;max-width:36rem;margin:0 auto;padding:16px">
${kind === 'already_signed' ? '' : html`<p>${greeting}</p>`}
<p>${mail.intro}</p>
${
  mail.link
    ? html`<p><a href="${mail.link}" style="${BUTTON}">${t.confirmButton}</a></p>
<p style="font-size:14px">${t.linkFallback}<br><a href="${mail.link}">${mail.link}</a></p>`
    : ''
}
<p style="font-size:14px">${whatSigned}</p>
<blockquote style="margin:0 0 16px;padding:8px 16px;border-inline-start:4px solid #cccccc"><strong>${texts.title}</strong><br>${texts.callToAction}</blockquote>
${signedAs ? html`<p style="font-size:14px">${signedAs}</p>` : ''}
${mail.after.map((line) => html`<p style="font-size:14px">${line}</p>`)}
<p style="font-size:12px;color:#555555">${sentBy}</p>
</body></html>`;
  return {
    fromName: sender,
    to,
    subject: mail.subject,
    text,
    html: written(body),
    lang,
    ...(mail.link ? { link: mail.link } : {}),
  };
}
