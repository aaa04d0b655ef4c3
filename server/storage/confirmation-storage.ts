/**
 * Email confirmation behind the storage interface: what the link's page and its button, the
 * widget's "send it again" and the background sweep need, on either engine. Signing itself writes
 * the first token and mail in its batch (confirmation-plan.ts), not through here.
 */

/** What a token stands for, as the page says it. */
export type TokenState =
  /** Its signature waits for confirmation: the button confirms it. */
  | { state: 'pending'; campaignId: number; lang: string }
  /** Its signature is confirmed already (by this link or another). */
  | { state: 'confirmed'; campaignId: number; lang: string }
  /** Too old, and its signature not confirmed: signing again sends a new link. */
  | { state: 'expired'; campaignId: number; lang: string }
  /** No such token here (never made, deleted with its unconfirmed signature, or erased). */
  | { state: 'unknown' };

/** A token's row with its signature's, as both engines read it to say what the token stands for. */
export interface TokenRow {
  signatureId: number;
  expiresAt: number;
  campaignId: number;
  pending: number;
  flagged: string | null;
  lang: string;
}

/** The state a token row is in at `now` (undefined: no such token). */
export function tokenState(row: TokenRow | undefined, now: number): TokenState {
  if (!row) return { state: 'unknown' };
  const { campaignId, lang } = row;
  if (row.pending === 0) return { state: 'confirmed', campaignId, lang };
  if (row.expiresAt <= now) return { state: 'expired', campaignId, lang };
  return { state: 'pending', campaignId, lang };
}

/** An unconfirmed signature due for its reminder, as both engines' sweeps read it. */
export interface DueReminder {
  id: number;
  campaignId: number;
  email: string;
  emailHash: string;
  lang: string;
  firstName: string;
  city: string;
}

/** What one sweep did, for the log and the tests. */
export interface SweepResult {
  /** Reminders queued. */
  reminded: number;
  /** Unconfirmed signatures deleted, by campaign (each campaign's number is audited). */
  deleted: Map<number, number>;
}

/** When the sweep reminds and deletes (from the settings). */
export interface SweepTimes {
  /** One reminder this long after signing. */
  remindAfterMs: number;
  /** Unconfirmed signatures are deleted this long after signing. */
  keepMs: number;
}

/** Email confirmation on one engine. */
export interface ConfirmationStorage {
  /** What a token stands for now (the page behind the link); changes nothing. */
  lookup(hash: string, now?: number): Promise<TokenState>;
  /**
   * Confirms the signature a pending token stands for, in one transaction with its place in the
   * count, its token's use and (when it counts) its webhook events; answers the state it found,
   * so `pending` means this call confirmed it.
   */
  confirm(hash: string, now?: number): Promise<TokenState>;
  /**
   * Mails an address again, as a new signature of it would (a new link while pending, "already
   * signed" once confirmed, nothing when it never signed or the limits say no); says nothing of
   * which.
   */
  resend(
    campaignId: number,
    email: string,
    emailHash: string,
    lang: string,
    now?: number,
  ): Promise<void>;
  /** Queues due reminders and deletes unconfirmed signatures past the retention. */
  sweep(times: SweepTimes, now?: number): Promise<SweepResult>;
}
