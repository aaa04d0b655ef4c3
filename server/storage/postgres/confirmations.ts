/**
 * Email confirmation on PostgreSQL, as on SQLite (sqlite/confirmations.ts): the tokens and mails
 * a signature batch of a verified campaign writes on its transaction (planned by
 * storage/confirmation-plan.ts, a few statements a batch whatever its size), and the confirmation
 * itself, which counts the row with the campaign's versioned count (every node hears it) and
 * queues its webhook events in one transaction. The token's row is locked first, so two nodes
 * pressing the button at once confirm it once.
 */
import type pg from 'pg';
import type { SignatureRow } from '../signature-row.ts';
import type { ConfirmationPolicy, MailTarget, SigningMail } from '../confirmation-plan.ts';
import { planSigningMail } from '../confirmation-plan.ts';
import type { ConfirmationStorage, TokenRow, TokenState } from '../confirmation-storage.ts';
import { tokenState } from '../confirmation-storage.ts';
import type { QueuedMail } from '../../mail/mail.ts';
import type { PgCampaignStore } from './campaigns.ts';
import { COUNT } from './campaigns.ts';
import { recentMail, writeMails } from './mail-outbox.ts';
import { transaction } from './open.ts';
import type { PgWebhookOutbox } from './webhook-outbox.ts';

// For each person, their unflagged row, else their newest flagged one.
const TARGETS = {
  name: 'confirmation-targets',
  text: `SELECT DISTINCT ON (campaign_id, email_hash) id, campaign_id, email_hash, pending = 1 AS pending,
           first_name AS "firstName", city
         FROM signatures
         WHERE (campaign_id, email_hash) IN (SELECT * FROM unnest($1::bigint[], $2::text[]))
         ORDER BY campaign_id, email_hash, flagged IS NOT NULL, id DESC`,
};
const INSERT_TOKENS = {
  name: 'confirmation-tokens-insert',
  text: `INSERT INTO confirmation_tokens (hash, signature_id, created_at, expires_at)
         SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[])`,
};
const FIND = {
  name: 'confirmation-token',
  text: `SELECT t.signature_id AS "signatureId", t.expires_at AS "expiresAt",
           s.campaign_id AS "campaignId", s.pending, s.flagged, s.lang
         FROM confirmation_tokens t JOIN signatures s ON s.id = t.signature_id WHERE t.hash = $1`,
};

/** Writes planned tokens and mails on the caller's transaction. */
export async function writePlanned(
  client: pg.ClientBase,
  planned: readonly SigningMail[],
): Promise<void> {
  const tokens = planned.flatMap(({ token }) => (token ? [token] : []));
  if (tokens.length) {
    const column = <K extends keyof (typeof tokens)[number]>(key: K) => tokens.map((t) => t[key]);
    await client.query({
      ...INSERT_TOKENS,
      values: [column('hash'), column('signatureId'), column('createdAt'), column('expiresAt')],
    });
  }
  await writeMails(
    client,
    planned.map(({ mail }): QueuedMail => mail),
  );
}

type Signing = Pick<
  SignatureRow,
  'campaignId' | 'email' | 'emailHash' | 'lang' | 'flagged' | 'createdAt'
>;

/** Plans and writes the mails of pending rows (a batch's, or a resend's), on its transaction. */
export async function writeSigningMails(
  client: pg.ClientBase,
  rows: readonly Signing[],
  policy: ConfirmationPolicy,
): Promise<number> {
  const asked = rows.filter((row) => row.flagged !== 'honeypot');
  if (!asked.length) return 0;
  const found = await client.query<MailTarget & { campaign_id: number; email_hash: string }>({
    ...TARGETS,
    values: [asked.map((row) => row.campaignId), asked.map((row) => row.emailHash)],
  });
  const targets = new Map(found.rows.map((row) => [`${row.campaign_id}:${row.email_hash}`, row]));
  const now = Math.max(...asked.map((row) => row.createdAt));
  const hashes = asked.map((row) => row.emailHash);
  const recent = await recentMail(client, hashes, now, policy.keepMs);
  const planned: SigningMail[] = [];
  for (const row of asked) {
    const target = targets.get(`${row.campaignId}:${row.emailHash}`);
    if (!target) continue;
    let lately = recent.get(row.emailHash);
    if (!lately) recent.set(row.emailHash, (lately = { mails: 0, bounced: false }));
    const plan = planSigningMail(row, target, lately, policy);
    if (!plan) continue;
    // The same address twice in one batch: the second sees the first's mail.
    lately.mails++;
    planned.push(plan);
  }
  await writePlanned(client, planned);
  return planned.length;
}

/** Confirmation on a PostgreSQL node. */
export class PgConfirmations implements Omit<ConfirmationStorage, 'sweep'> {
  readonly #pool: pg.Pool;
  readonly #campaigns: PgCampaignStore;
  readonly #outbox: PgWebhookOutbox;
  readonly #policy: ConfirmationPolicy | undefined;

  /** Without a policy (a CLI, a test) it confirms, but writes no mail. */
  constructor(
    pool: pg.Pool,
    campaigns: PgCampaignStore,
    outbox: PgWebhookOutbox,
    policy: ConfirmationPolicy | undefined,
  ) {
    this.#pool = pool;
    this.#campaigns = campaigns;
    this.#outbox = outbox;
    this.#policy = policy;
  }

  /** The policy mails are written with. */
  policy(): ConfirmationPolicy {
    if (!this.#policy) throw new Error('opened without a confirmation policy: no mail to write');
    return this.#policy;
  }

  async lookup(hash: string, now = Date.now()): Promise<TokenState> {
    const { rows } = await this.#pool.query<TokenRow>({ ...FIND, values: [hash] });
    return tokenState(rows[0], now);
  }

  async confirm(hash: string, now = Date.now()): Promise<TokenState> {
    let count: { signature_count: number; count_version: number } | undefined;
    const found = await transaction(this.#pool, async (client) => {
      // The signature's row locked: a second press, on any node, waits and then finds it confirmed.
      const { rows } = await client.query<TokenRow>({
        name: 'confirmation-token-lock',
        text: `${FIND.text} FOR UPDATE OF s`,
        values: [hash],
      });
      const row = rows[0];
      const found = tokenState(row, now);
      if (found.state !== 'pending' || !row) return found;
      await client.query('UPDATE signatures SET pending = 0, confirmed_at = $2 WHERE id = $1', [
        row.signatureId,
        now,
      ]);
      await client.query('UPDATE confirmation_tokens SET used_at = $2 WHERE hash = $1', [
        hash,
        now,
      ]);
      // A flagged row is confirmed but still not counted: an admin's release counts it.
      if (row.flagged === null) {
        count = (await client.query({ ...COUNT, values: [row.campaignId, 1] })).rows[0];
        await this.#outbox.signatureReleased(client, row.signatureId);
      }
      return found;
    });
    if (count && found.state === 'pending')
      this.#campaigns.applyCount(found.campaignId, count.signature_count, count.count_version);
    return found;
  }

  async resend(
    campaignId: number,
    email: string,
    emailHash: string,
    lang: string,
    now = Date.now(),
  ): Promise<void> {
    await transaction(this.#pool, (client) =>
      writeSigningMails(
        client,
        [{ campaignId, email, emailHash, lang, flagged: null, createdAt: now }],
        this.policy(),
      ),
    );
  }
}
