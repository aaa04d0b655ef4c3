/**
 * The mail outbox behind the storage interface: what the mail worker (server/mail/mail-worker.ts)
 * needs to send it from one node or several.
 *
 * The outbox is not written through this interface: each engine writes a change's mails itself,
 * inside the transaction of the change that calls for them (a signature batch, a resend, the
 * reminder sweep), so the change and its mails commit together or not at all, and a crash between
 * the commit and the send loses nothing.
 *
 * Sending, with one node or several on one database: the worker claims due mails with a lease, so
 * a mail is sent by one node at a time; a node that dies mid-send leaves its lease to expire, and
 * another node (or this one, restarted) sends the mail again. A sent or bounced mail keeps no
 * payload: its link and the name in it are gone once the recipient has them.
 */
import type { MailKind } from '../mail/mail.ts';

/** A due mail, claimed: what the worker renders and sends next. */
export interface DueMail {
  id: number;
  kind: MailKind;
  recipient: string;
  campaignId: number | null;
  signatureId: number | null;
  payload: string;
  attempts: number;
  firstFailedAt: number | null;
}

/** How an attempt ended. */
export type MailOutcome =
  | { kind: 'sent' }
  /** Tried again at `nextAt`. */
  | { kind: 'retry'; error: string; nextAt: number }
  /** Refused for good by the recipient's server (a 5xx): the address is marked bounced. */
  | { kind: 'bounced'; error: string }
  /** Given up: failing for too long, or nothing left to send (its campaign is gone). */
  | { kind: 'failed'; error: string };

/** A claim: who holds the mails it returns, and until when (unix ms). */
export interface MailLease {
  owner: string;
  until: number;
}

/** The mail outbox on one engine. */
export interface MailStorage {
  /** Claims up to `limit` pending mails due by `now` and not leased by a live claim. */
  claim(now: number, limit: number, lease: MailLease): Promise<DueMail[]>;
  /** Records how an attempt of a mail this owner claimed ended, and lets go of its lease. */
  record(id: number, owner: string, outcome: MailOutcome, now?: number): Promise<void>;
  /** Lets go of this owner's leases (a clean stop: other nodes need not wait for them). */
  release(owner: string): Promise<void>;
  /** Calls `listener` after this node queued mails (its worker wakes). */
  onQueued(listener: () => void): void;
}
