/**
 * Email confirmation on SQLite: the tokens and mails a signature of a verified campaign writes in
 * its batch (planned by storage/confirmation-plan.ts), and the confirmation itself.
 *
 * The writer thread makes one over its own connection for the batches; the main thread makes one
 * for confirmations, resends and the sweep, each a write made while the writer thread is idle
 * (after-writer.ts).
 */
import type { SignatureRow } from '../signature-row.ts';
import type { ConfirmationPolicy, MailTarget, SigningMail } from '../confirmation-plan.ts';
import { planSigningMail } from '../confirmation-plan.ts';
import type { ConfirmationStorage, TokenRow, TokenState } from '../confirmation-storage.ts';
import { tokenState } from '../confirmation-storage.ts';
import type { CampaignStore } from './campaigns.ts';
import type { MailOutbox } from './mail-outbox.ts';
import type { Db } from './open.ts';

type TargetRow = { id: number; pending: number; firstName: string; city: string };

/** Writes confirmation tokens and mails on one connection. */
export class ConfirmationWriter {
  readonly #outbox: MailOutbox;
  readonly #policy: ConfirmationPolicy;
  readonly #statements;

  constructor(db: Db, outbox: MailOutbox, policy: ConfirmationPolicy) {
    this.#outbox = outbox;
    this.#policy = policy;
    const columns = 'id, pending, first_name AS firstName, city';
    this.#statements = {
      // Through signatures_person, then signatures_flagged_person: a person's rows are few.
      unflagged: db.prepare<[number, string], TargetRow>(
        `SELECT ${columns} FROM signatures WHERE campaign_id = ? AND email_hash = ? AND flagged IS NULL`,
      ),
      newestFlagged: db.prepare<[number, string], TargetRow>(
        `SELECT ${columns} FROM signatures WHERE campaign_id = ? AND email_hash = ?
           AND flagged IS NOT NULL ORDER BY id DESC LIMIT 1`,
      ),
      insertToken: db.prepare(
        `INSERT INTO confirmation_tokens (hash, signature_id, created_at, expires_at)
         VALUES (@hash, @signatureId, @createdAt, @expiresAt)`,
      ),
    };
  }

  /** The person's row a mail is about: their unflagged row, else their newest flagged one. */
  target(campaignId: number, emailHash: string): MailTarget | undefined {
    const s = this.#statements;
    const row =
      s.unflagged.get(campaignId, emailHash) ?? s.newestFlagged.get(campaignId, emailHash);
    return row && { ...row, pending: row.pending === 1 };
  }

  /** Writes a planned mail and its token; true when one was written. */
  write(planned: SigningMail | null): boolean {
    if (!planned) return false;
    if (planned.token) this.#statements.insertToken.run(planned.token);
    this.#outbox.write(planned.mail);
    return true;
  }

  /**
   * A pending row was submitted (inside the batch's transaction, after its INSERT, whether it
   * went in or met the person's row): its mail, if the limits allow one.
   */
  signed(row: SignatureRow): boolean {
    const target = this.target(row.campaignId, row.emailHash);
    if (!target) return false;
    const recent = this.#outbox.recent(row.emailHash, row.createdAt, this.#policy.keepMs);
    return this.write(planSigningMail(row, target, recent, this.#policy));
  }
}

/** Confirmation on the main connection: the page, the button, resends. */
export class SqliteConfirmations implements Omit<ConfirmationStorage, 'sweep'> {
  readonly #db: Db;
  readonly #campaigns: CampaignStore;
  readonly #writer: ConfirmationWriter;
  readonly #outbox: MailOutbox;
  readonly #policy: ConfirmationPolicy;
  readonly #onCounted: (id: number) => void;
  readonly #statements;

  /** `onCounted` runs inside the transaction of a confirmation that counts (webhook events). */
  constructor(
    db: Db,
    campaigns: CampaignStore,
    outbox: MailOutbox,
    policy: ConfirmationPolicy,
    onCounted: (id: number) => void,
  ) {
    this.#db = db;
    this.#campaigns = campaigns;
    this.#outbox = outbox;
    this.#policy = policy;
    this.#writer = new ConfirmationWriter(db, outbox, policy);
    this.#onCounted = onCounted;
    this.#statements = {
      find: db.prepare<[string], TokenRow>(
        `SELECT t.signature_id AS signatureId, t.expires_at AS expiresAt, s.campaign_id AS campaignId,
           s.pending, s.flagged, s.lang
         FROM confirmation_tokens t JOIN signatures s ON s.id = t.signature_id WHERE t.hash = ?`,
      ),
      confirm: db.prepare(
        'UPDATE signatures SET pending = 0, confirmed_at = ? WHERE id = ? AND pending = 1',
      ),
      use: db.prepare('UPDATE confirmation_tokens SET used_at = ? WHERE hash = ?'),
      count: db.prepare('UPDATE campaigns SET signature_count = signature_count + 1 WHERE id = ?'),
    };
  }

  async lookup(hash: string, now = Date.now()): Promise<TokenState> {
    return tokenState(this.#statements.find.get(hash), now);
  }

  async confirm(hash: string, now = Date.now()): Promise<TokenState> {
    const s = this.#statements;
    const { found, counted } = this.#db.transaction(() => {
      const row = s.find.get(hash);
      const found = tokenState(row, now);
      if (found.state !== 'pending' || !row) return { found, counted: false };
      s.confirm.run(now, row.signatureId);
      s.use.run(now, hash);
      // A flagged row is confirmed but still not counted: an admin's release counts it.
      const counted = row.flagged === null;
      if (counted) {
        s.count.run(row.campaignId);
        this.#onCounted(row.signatureId);
      }
      return { found, counted };
    })();
    if (counted && found.state === 'pending') this.#campaigns.applyCommitted(found.campaignId, 1);
    return found;
  }

  async resend(
    campaignId: number,
    email: string,
    emailHash: string,
    lang: string,
    now = Date.now(),
  ): Promise<void> {
    this.#db.transaction(() => {
      const target = this.#writer.target(campaignId, emailHash);
      if (!target) return;
      const recent = this.#outbox.recent(emailHash, now, this.#policy.keepMs);
      const row = { campaignId, email, emailHash, lang, flagged: null, createdAt: now };
      this.#writer.write(planSigningMail(row, target, recent, this.#policy));
    })();
  }
}
