/**
 * Campaigns on PostgreSQL: served from memory, kept current across nodes with LISTEN/NOTIFY.
 *
 * Every write that changes a campaign or its count sends a notification inside its transaction,
 * so it is delivered, to every node, only once committed and in commit order. A count arrives as
 * the absolute `signature_count` the transaction left, never a delta: a node that misses one
 * (its listening connection dropped) is right again at the next, and it reloads everything when
 * it reconnects. No node trusts only its own memory for the count.
 */
import type pg from 'pg';
import type { AuditRecord } from '../audit-record.ts';
import type { Campaign, CampaignPatch, NewCampaign } from '../../campaigns/campaign.ts';
import { DEFAULT_VERIFICATION } from '../../campaigns/campaign.ts';
import type { CampaignRow } from '../campaign-row.ts';
import { fromRow, PATCH_COLUMNS } from '../campaign-row.ts';
import type { CampaignStorage } from '../storage.ts';
import { CampaignTaken } from '../storage.ts';
import { recordAudit } from './audit.ts';
import { transaction } from './open.ts';
import { CampaignMemory } from '../campaign-memory.ts';

/**
 * The one channel: `c:<id>` (reload the campaign) or `n:<id>:<count>:<version>` (its new count,
 * see migration 002).
 */
export const CHANNEL = 'petition_campaigns';

/** Adds to a campaign's count in the caller's transaction: the new count, versioned and notified. */
export const COUNT = {
  name: 'campaign-count',
  text: `UPDATE campaigns SET signature_count = signature_count + $2, count_version = nextval('count_versions')
         WHERE id = $1
         RETURNING signature_count, counter_offset, goal, goal_mode, goal_steps, count_version,
           pg_notify('${CHANNEL}', 'n:' || id || ':' || signature_count || ':' || count_version)`,
};

const SELECT_ONE = { name: 'campaign-by-id', text: 'SELECT * FROM campaigns WHERE id = $1' };

/** Sends a campaign-change notification inside the caller's transaction. */
export function notifyCampaign(client: pg.ClientBase, id: number) {
  return client.query({
    name: 'notify',
    text: 'SELECT pg_notify($1, $2)',
    values: [CHANNEL, `c:${id}`],
  });
}

/** Writes on the change's own client, inside its transaction (the campaign.updated webhook event). */
export type OnCampaignUpdate = (client: pg.ClientBase, after: Campaign) => Promise<void>;

export class PgCampaignStore extends CampaignMemory implements CampaignStorage {
  readonly #pool: pg.Pool;
  readonly #onUpdate: OnCampaignUpdate | undefined;
  /** The version of the count each campaign holds (migration 002). */
  readonly #versions = new Map<number, number>();

  constructor(pool: pg.Pool, onUpdate?: OnCampaignUpdate) {
    super();
    this.#pool = pool;
    this.#onUpdate = onUpdate;
  }

  /** Loads every campaign into memory (at start, and after the listener reconnects). */
  async loadAll(): Promise<void> {
    const { rows } = await this.#pool.query<CampaignRow>('SELECT * FROM campaigns');
    for (const row of rows) this.#fromDatabase(row);
  }

  /** Handles one notification from any node (this one included). */
  async onNotification(payload: string): Promise<void> {
    const [kind, id, count, version] = payload.split(':');
    if (kind === 'n' && this.byId(Number(id)))
      this.applyCount(Number(id), Number(count), Number(version));
    else await this.reload(Number(id));
  }

  /** Takes a committed count unless this node already holds a newer one. */
  applyCount(id: number, count: number, version: number): void {
    const campaign = this.byId(id);
    if (!campaign || version <= (this.#versions.get(id) ?? -1)) return;
    campaign.signatures = count;
    this.#versions.set(id, version);
  }

  /** Remembers a campaign read from the database, keeping a newer count this node holds. */
  #fromDatabase(row: CampaignRow & { count_version?: number }): Campaign {
    const campaign = fromRow(row);
    const held = this.byId(campaign.id);
    const version = row.count_version ?? 0;
    if (held && version < (this.#versions.get(campaign.id) ?? -1))
      campaign.signatures = held.signatures;
    else this.#versions.set(campaign.id, version);
    return this.remember(campaign);
  }

  /** Reads one campaign back into memory. */
  async reload(id: number): Promise<Campaign | undefined> {
    const { rows } = await this.#pool.query<CampaignRow>({ ...SELECT_ONE, values: [id] });
    return rows[0] ? this.#fromDatabase(rows[0]) : undefined;
  }

  async create(input: NewCampaign, audit?: (created: Campaign) => AuditRecord): Promise<Campaign> {
    const now = Date.now();
    try {
      const created = await transaction(this.#pool, async (client) => {
        const { rows } = await client.query<CampaignRow>({
          name: 'campaign-insert',
          text: `INSERT INTO campaigns (slug, status, target, default_lang, texts, fields, allowed_origins,
                   counter_offset, goal, verification, sender_name, goal_mode, goal_steps,
                   retain_days, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $14, $15, $12, $13, $13)
                 RETURNING *`,
          values: [
            input.slug,
            input.status ?? 'draft',
            input.target,
            input.defaultLang,
            JSON.stringify(input.texts),
            JSON.stringify(input.fields ?? []),
            JSON.stringify(input.allowedOrigins ?? []),
            input.offset ?? 0,
            input.goal ?? null,
            input.verification ?? DEFAULT_VERIFICATION,
            input.senderName ?? null,
            input.retainDays ?? null,
            now,
            input.goalMode ?? 'fixed',
            input.goalSteps ? JSON.stringify(input.goalSteps) : null,
          ],
        });
        const campaign = fromRow(rows[0]);
        if (audit) await recordAudit(client, audit(campaign), now);
        await notifyCampaign(client, campaign.id);
        return rows[0];
      });
      return this.#fromDatabase(created);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') throw new CampaignTaken();
      throw error;
    }
  }

  async update(
    id: number,
    patch: CampaignPatch,
    audit?: (before: Campaign, after: Campaign) => AuditRecord | null,
  ): Promise<Campaign> {
    const now = Date.now();
    const sets: string[] = [];
    const values: unknown[] = [id, now];
    for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof CampaignPatch, string][]) {
      const value = patch[key];
      if (value === undefined) continue;
      values.push(typeof value === 'object' && value !== null ? JSON.stringify(value) : value);
      sets.push(`${column} = $${values.length}`);
    }
    const after = await transaction(this.#pool, async (client) => {
      // FOR UPDATE: two nodes changing one campaign take turns, so `before` is what was changed.
      const found = await client.query<CampaignRow>(
        'SELECT * FROM campaigns WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (!found.rows[0]) throw new Error(`campaign ${id} vanished`);
      const before = fromRow(found.rows[0]);
      if (!sets.length) return found.rows[0];
      const { rows } = await client.query<CampaignRow>(
        `UPDATE campaigns SET ${sets.join(', ')}, updated_at = $2 WHERE id = $1 RETURNING *`,
        values,
      );
      const changed = fromRow(rows[0]);
      const record = audit?.(before, changed);
      if (record) await recordAudit(client, record, now);
      await this.#onUpdate?.(client, changed);
      await notifyCampaign(client, id);
      return rows[0];
    });
    return this.#fromDatabase(after);
  }
}
