/**
 * What a signature of a campaign with email verification writes besides its row, decided once for
 * both engines (each reads what is asked here and writes what the plan says, inside the batch's
 * transaction, so the row, its token and its mail commit together or not at all).
 *
 * The answer to signing is the same for every address (contract/public.ts, SignResult); the mail
 * is where the truth goes, to the address's owner: a new or still-pending signature gets a link to
 * confirm (a new token each time, the older ones still good), a confirmed one "you have already
 * signed". Never a second row: a pending address signing again is the same person's row.
 *
 * Mail is limited so the form cannot be used to flood an inbox: at most `mailsPerDay` signing
 * mails an address a day (reminders aside), none to an address that bounced lately, none for a
 * filled honeypot (no person fills it in).
 */
import type { ConfirmationPayload, QueuedMail } from '../mail/mail.ts';
import { SIGNING_KINDS } from '../mail/mail.ts';
import { newConfirmationToken } from '../mail/confirmation-token.ts';
import type { Settings } from '../config/settings.ts';
import type { SignatureRow } from './signature-row.ts';

/** What the engines need to write confirmations (from the settings and the secret). */
export interface ConfirmationPolicy {
  /** Keys the tokens' MAC (see mail/confirmation-token.ts). */
  secret: Buffer;
  /** How long a link works. */
  tokenMs: number;
  /** Signing mails an address gets a day. */
  mailsPerDay: number;
  /** How long a bounce stops mails to its address (the retention of unconfirmed rows). */
  keepMs: number;
}

/** The policy the settings make, with the server secret. */
export function confirmationPolicy(settings: Settings, secret: Buffer): ConfirmationPolicy {
  return {
    secret,
    tokenMs: settings.PETITION_CONFIRM_LINK_DAYS * 86_400_000,
    mailsPerDay: settings.PETITION_MAIL_PER_DAY,
    keepMs: settings.PETITION_CONFIRM_KEEP_DAYS * 86_400_000,
  };
}

/** The day the rate limit looks back over. */
export const MAIL_DAY_MS = 86_400_000;

/** The person's row a signing mail is about: their unflagged row, or their newest flagged one. */
export interface MailTarget {
  id: number;
  pending: boolean;
  firstName: string;
  city: string;
}

/** What the outbox holds for an address lately. */
export interface RecentMail {
  /** Signing mails in the last MAIL_DAY_MS. */
  mails: number;
  /** A mail to it bounced within the policy's keepMs. */
  bounced: boolean;
}

/** A token to store (its hash only). */
export interface TokenRow {
  hash: string;
  signatureId: number;
  createdAt: number;
  expiresAt: number;
}

/** What to write: a token (for a link) and a mail, or nothing. */
export interface SigningMail {
  token: TokenRow | null;
  mail: QueuedMail;
}

/** The SQL both engines use to count an address's recent signing mails (kinds as literals). */
export const SIGNING_KINDS_SQL = SIGNING_KINDS.map((kind) => `'${kind}'`).join(', ');

/** A confirmation mail (with its new token) for a pending row, sent to `to`. */
export function linkMail(
  kind: 'confirm' | 'reminder',
  to: { email: string; emailHash: string; campaignId: number; lang: string },
  target: Pick<MailTarget, 'id' | 'firstName' | 'city'>,
  policy: Pick<ConfirmationPolicy, 'secret' | 'tokenMs'>,
  now: number,
): SigningMail {
  const { token, hash } = newConfirmationToken(policy.secret);
  const payload: ConfirmationPayload = {
    lang: to.lang,
    firstName: target.firstName,
    city: target.city,
    token,
  };
  return {
    token: { hash, signatureId: target.id, createdAt: now, expiresAt: now + policy.tokenMs },
    mail: {
      kind,
      recipient: to.email,
      recipientHash: to.emailHash,
      campaignId: to.campaignId,
      signatureId: target.id,
      payload: JSON.stringify(payload),
      at: now,
    },
  };
}

/**
 * The mail a signature (or a resend) of `row`'s address calls for, given the person's row it is
 * about and what the outbox sent the address lately; null when none goes.
 */
export function planSigningMail(
  row: Pick<SignatureRow, 'campaignId' | 'email' | 'emailHash' | 'lang' | 'flagged' | 'createdAt'>,
  target: MailTarget,
  recent: RecentMail,
  policy: ConfirmationPolicy,
): SigningMail | null {
  if (row.flagged === 'honeypot') return null;
  if (recent.bounced || recent.mails >= policy.mailsPerDay) return null;
  if (target.pending) return linkMail('confirm', row, target, policy, row.createdAt);
  // Confirmed already: the owner is told so, in the language of this visit, and nothing else.
  const payload: ConfirmationPayload = { lang: row.lang, firstName: '', city: '' };
  return {
    token: null,
    mail: {
      kind: 'already_signed',
      recipient: row.email,
      recipientHash: row.emailHash,
      campaignId: row.campaignId,
      signatureId: target.id,
      payload: JSON.stringify(payload),
      at: row.createdAt,
    },
  };
}
