/**
 * The development outbox: the mails a server without SMTP wrote as .eml files (it listens on
 * loopback only: `npm start` on one's own machine), newest first, each with its confirmation link,
 * so a newcomer signs on the demo and confirms from the console. Nothing where mail goes to an
 * SMTP server (GET /api/admin/mail/outbox answers 404 there, and the overview shows nothing).
 */
import { html } from 'lit';
import { when } from '../format.ts';

/** One written mail, as GET /api/admin/mail/outbox lists it. */
export interface WrittenMail {
  id: number;
  to: string;
  subject: string;
  link: string | null;
  at: string;
}

/** The outbox's list, or nothing before it is known. */
export function devOutbox(mails: readonly WrittenMail[] | undefined) {
  if (!mails) return '';
  return html`<h3>Development outbox</h3>
    <ul class="dev-outbox">
      ${mails.map(
        (mail) =>
          html`<li>
            ${when(mail.at)}, ${mail.to}: ${mail.subject}
            ${mail.link ? html`<a href=${mail.link} target="_blank">open</a>` : ''}
          </li>`,
      )}
    </ul>`;
}
