/**
 * A mail as the outbox holds it, on either engine: its kind, its recipient, and what the kind's
 * renderer needs to write it (its payload). The outbox row is written inside the transaction of
 * the change that calls for the mail (a signature batch, a confirmation sweep), so a crash between
 * the commit and the send loses nothing; the worker (mail-worker.ts) renders and sends it later.
 *
 * Kinds are not only confirmation's: a kind names its renderer (mail-render.ts), and a mail whose
 * payload is already a written message (`message`) is sent as it is, for whatever else the server
 * comes to send (a report to an admin).
 */

/** What the outbox sends. */
export const MAIL_KINDS = ['confirm', 'reminder', 'already_signed', 'message'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** The kinds a signature (or a resend) asks for; the rate limit counts these. */
export const SIGNING_KINDS: readonly MailKind[] = ['confirm', 'already_signed'];

/** One mail to write to the outbox. */
export interface QueuedMail {
  kind: MailKind;
  /** The address, as the supporter typed it (normalised). */
  recipient: string;
  /** The address's keyed hash (the signature's email hash): rate limit and bounces go by it. */
  recipientHash: string;
  campaignId: number | null;
  signatureId: number | null;
  /** JSON: what the kind's renderer needs (a confirmation token, the reader's language). */
  payload: string;
  at: number;
}

/** A written message, ready for a transport. */
export interface MailMessage {
  /** The sender's display name (the address is PETITION_MAIL_FROM's). */
  fromName: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The language the message is in (Content-Language). */
  lang: string;
  /** The confirmation link it carries, if any (the development outbox shows it). */
  link?: string;
}

/** What a confirmation mail's payload holds. */
export interface ConfirmationPayload {
  lang: string;
  firstName: string;
  city: string;
  /** The link's token (confirm and reminder; not already_signed). Dropped once sent. */
  token?: string;
}

/** What a `message` mail's payload holds: the message written already. */
export type MessagePayload = Omit<MailMessage, 'to'>;
