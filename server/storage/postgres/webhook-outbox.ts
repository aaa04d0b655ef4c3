/**
 * The outbox on PostgreSQL: a change's webhook events written as delivery rows on the client of
 * its own transaction (the signature batch, the erasure, the flag release, the campaign update),
 * so they commit with it or not at all, whichever node made the change.
 *
 * Which hooks exist is read in that same transaction, not from a node's memory: a hook made
 * through another node a moment ago is seen, and a disabled one is not written to. The rows'
 * ids come from one sequence, so a hook's events are queued in the order their changes happened
 * (a change that begins after another committed gets a later id). The write notifies every node
 * (WEBHOOK_CHANNEL), delivered once it commits: their workers wake and one of them claims it.
 */
import type pg from 'pg';
import type { Campaign } from '../../campaigns/campaign.ts';
import type { SignatureRow } from '../signature-row.ts';
import { SIGNATURE_ROW_SELECT } from '../signature-row.ts';
import { webhookFromRow } from '../webhook-row.ts';
import type { Webhook } from '../webhook-storage.ts';
import type { QueuedDelivery } from '../../webhooks/webhook-events.ts';
import * as events from '../../webhooks/webhook-events.ts';

/** The channel that wakes every node's worker when deliveries commit. */
export const WEBHOOK_CHANNEL = 'petition_webhooks';

const ENABLED = {
  name: 'webhooks-enabled',
  text: 'SELECT * FROM webhooks WHERE disabled_at IS NULL ORDER BY id',
};
// All of a change's deliveries in one statement, and the wake-up with them.
const INSERT = {
  name: 'webhook-deliveries-insert',
  text: `WITH queued AS (
           INSERT INTO webhook_deliveries (webhook_id, event_id, event, signature_id, body, state, next_at, created_at)
           SELECT webhook_id, event_id, event, signature_id, body, 'pending', at, at
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::bigint[])
             WITH ORDINALITY AS d (webhook_id, event_id, event, signature_id, body, at, ord)
           ORDER BY ord
           RETURNING 1)
         SELECT pg_notify('${WEBHOOK_CHANNEL}', 'queued') FROM (SELECT count(*) AS n FROM queued) q WHERE n > 0`,
};
// A released row, as the writer would have had it (for signature.created on release).
const SIGNATURE = {
  name: 'webhook-signature-row',
  text: `SELECT ${SIGNATURE_ROW_SELECT} FROM signatures WHERE id = $1`,
};
// Sent, or being sent by some node right now (leased): the receiver may have it.
const TRIED = {
  name: 'webhook-tried',
  text: `SELECT DISTINCT signature_id, webhook_id FROM webhook_deliveries
         WHERE signature_id = ANY($1::bigint[]) AND event = 'signature.created'
           AND (attempts > 0 OR lease_owner IS NOT NULL)`,
};
const DROP_UNSENT = {
  name: 'webhook-drop-unsent',
  text: `DELETE FROM webhook_deliveries
         WHERE signature_id = ANY($1::bigint[]) AND event = 'signature.created'
           AND attempts = 0 AND lease_owner IS NULL`,
};
const BLANK = {
  name: 'webhook-blank',
  text: `UPDATE webhook_deliveries SET body = NULL, lease_owner = NULL, lease_until = NULL,
           state = CASE state WHEN 'delivered' THEN 'delivered' ELSE 'erased' END
         WHERE signature_id = ANY($1::bigint[]) AND event = 'signature.created'`,
};

/** Writes events to the outbox, on the caller's transaction. */
export class PgWebhookOutbox {
  readonly #slugOf: (campaignId: number) => string | null;

  /** `slugOf` names a campaign in its events (from the node's campaigns in memory). */
  constructor(slugOf: (campaignId: number) => string | null) {
    this.#slugOf = slugOf;
  }

  async #enabled(client: pg.ClientBase): Promise<Webhook[]> {
    return (await client.query(ENABLED)).rows.map(webhookFromRow);
  }

  async #write(client: pg.ClientBase, deliveries: readonly QueuedDelivery[]): Promise<void> {
    if (!deliveries.length) return;
    const column = <K extends keyof QueuedDelivery>(key: K) => deliveries.map((d) => d[key]);
    await client.query({
      ...INSERT,
      values: [
        column('webhookId'),
        column('eventId'),
        column('event'),
        column('signatureId'),
        column('body'),
        column('at'),
      ],
    });
  }

  /** Counted signatures were written (inside the writer's batch transaction). */
  async signaturesCreated(
    client: pg.ClientBase,
    written: readonly { row: SignatureRow; id: number }[],
  ): Promise<void> {
    const counted = written.filter(({ row }) => row.flagged === null);
    if (!counted.length) return;
    const hooks = await this.#enabled(client);
    if (!hooks.length) return;
    await this.#write(
      client,
      counted.flatMap(({ row, id }) =>
        events.signatureCreated(hooks, row, id, this.#slugOf(row.campaignId)),
      ),
    );
  }

  /** A flagged signature was released into the count (inside the review's transaction). */
  async signatureReleased(client: pg.ClientBase, id: number): Promise<void> {
    const row = (await client.query<SignatureRow>({ ...SIGNATURE, values: [id] })).rows[0];
    if (row) await this.signaturesCreated(client, [{ row, id }]);
  }

  /**
   * Signatures were erased (inside the erasure's transaction): every hook that may have received
   * one gets signature.erased with its id only; what was never sent is dropped, and no copy of
   * the person's data is kept in the outbox.
   */
  async signaturesErased(
    client: pg.ClientBase,
    campaignId: number,
    ids: readonly number[],
    now = Date.now(),
  ): Promise<void> {
    if (!ids.length) return;
    const tried = (await client.query({ ...TRIED, values: [ids] })).rows as {
      signature_id: number;
      webhook_id: number;
    }[];
    await client.query({ ...DROP_UNSENT, values: [ids] });
    await client.query({ ...BLANK, values: [ids] });
    if (!tried.length) return;
    const hooks = await this.#enabled(client);
    const slug = this.#slugOf(campaignId);
    await this.#write(
      client,
      ids.flatMap((id) => {
        const to = new Set(tried.filter((t) => t.signature_id === id).map((t) => t.webhook_id));
        return events.signatureErased(
          hooks.filter((hook) => to.has(hook.id)),
          slug,
          id,
          now,
        );
      }),
    );
  }

  /** A campaign changed (inside the change's transaction). */
  async campaignUpdated(client: pg.ClientBase, campaign: Campaign, now = Date.now()) {
    await this.#write(client, events.campaignUpdated(await this.#enabled(client), campaign, now));
  }
}
