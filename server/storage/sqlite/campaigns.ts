/**
 * Campaigns: stored in SQLite, served from memory.
 *
 * Every campaign is loaded once and kept in a Map; writes go to the database first and then to
 * the Map, so the hot paths (the counter, the campaign read) never touch the disk.
 *
 * CampaignStore is synchronous, for the CLI and the fixtures that write before a server starts;
 * SqliteCampaigns is the same store behind the storage interface, with its audit rows and its
 * campaign.updated webhook events written in the change's own transaction. The in-memory reads
 * stay synchronous.
 */
import type Database from 'better-sqlite3';
import type { Campaign, CampaignPatch, NewCampaign } from '../../campaigns/campaign.ts';
import { DEFAULT_VERIFICATION } from '../../campaigns/campaign.ts';
import type { AuditRecord } from '../audit-record.ts';
import { CampaignMemory } from '../campaign-memory.ts';
import type { CampaignRow } from '../campaign-row.ts';
import { fromRow, PATCH_COLUMNS } from '../campaign-row.ts';
import type { CampaignStorage } from '../storage.ts';
import { CampaignTaken } from '../storage.ts';
import type { AuditLog } from './audit.ts';
import type { Db } from './open.ts';

/** The campaign store: the database and its in-memory mirror. */
export class CampaignStore extends CampaignMemory {
  readonly #db: Db;
  readonly #insert;
  readonly #select;
  readonly #selectAll;
  readonly #dataVersion;
  readonly #storedCount;
  #seenVersion: number;
  /** Prepared UPDATEs, one per set of columns changed (at most 2^8, in practice a handful). */
  readonly #updates = new Map<string, Database.Statement>();

  constructor(db: Db) {
    super();
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO campaigns (slug, status, target, default_lang, texts, fields, allowed_origins,
         counter_offset, goal, goal_mode, goal_steps, verification, sender_name, retain_days,
         created_at, updated_at)
       VALUES (@slug, @status, @target, @defaultLang, @texts, @fields, @allowedOrigins, @offset,
         @goal, @goalMode, @goalSteps, @verification, @senderName, @retainDays, @now, @now)`,
    );
    this.#select = db.prepare<[number], CampaignRow>('SELECT * FROM campaigns WHERE id = ?');
    this.#selectAll = db.prepare<[], CampaignRow>('SELECT * FROM campaigns');
    this.#dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
    this.#storedCount = db
      .prepare<[number], number>('SELECT signature_count FROM campaigns WHERE id = ?')
      .pluck();
    this.#seenVersion = this.#dataVersion.get()!;
    for (const row of this.#selectAll.all()) this.remember(fromRow(row));
  }

  /**
   * Reloads every campaign if another connection (the admin CLI) committed since the last call:
   * `data_version` changes only for other connections' commits, so this costs one pragma when
   * nothing happened. Returns whether it reloaded.
   */
  syncExternalChanges(): boolean {
    const version = this.#dataVersion.get()!;
    if (version === this.#seenVersion) return false;
    this.#seenVersion = version;
    for (const row of this.#selectAll.all()) this.remember(fromRow(row));
    return true;
  }

  /**
   * Creates a campaign; throws on a slug already taken (SQLITE_CONSTRAINT_UNIQUE). `also` runs in
   * the same transaction (an audit row): if it throws, nothing is created.
   */
  create(input: NewCampaign, also?: (created: Campaign) => void): Campaign {
    const now = Date.now();
    return this.#commit(() => {
      const { lastInsertRowid } = this.#insert.run({
        slug: input.slug,
        status: input.status ?? 'draft',
        target: input.target,
        defaultLang: input.defaultLang,
        texts: JSON.stringify(input.texts),
        fields: JSON.stringify(input.fields ?? []),
        allowedOrigins: JSON.stringify(input.allowedOrigins ?? []),
        offset: input.offset ?? 0,
        goal: input.goal ?? null,
        verification: input.verification ?? DEFAULT_VERIFICATION,
        senderName: input.senderName ?? null,
        goalMode: input.goalMode ?? 'fixed',
        goalSteps: input.goalSteps ? JSON.stringify(input.goalSteps) : null,
        retainDays: input.retainDays ?? null,
        now,
      });
      const created = this.#read(Number(lastInsertRowid));
      also?.(created);
      return created;
    });
  }

  /**
   * Changes a campaign. Column names come from the fixed map below, never from input; values are
   * bound parameters. `also` runs in the same transaction with the campaign before and after (the
   * offset's audit row), so the change and its record commit together or not at all.
   */
  update(
    id: number,
    patch: CampaignPatch,
    also?: (before: Campaign, after: Campaign) => void,
  ): Campaign {
    const sets: string[] = [];
    const values: Record<string, unknown> = { id, now: Date.now() };
    for (const [key, column] of Object.entries(PATCH_COLUMNS) as [keyof CampaignPatch, string][]) {
      if (patch[key] === undefined) continue;
      sets.push(`${column} = @${key}`);
      const value = patch[key];
      values[key] = typeof value === 'object' && value !== null ? JSON.stringify(value) : value;
    }
    return this.#commit(() => {
      const before = this.#read(id);
      if (sets.length) {
        const sql = `UPDATE campaigns SET ${sets.join(', ')}, updated_at = @now WHERE id = @id`;
        let statement = this.#updates.get(sql);
        if (!statement) this.#updates.set(sql, (statement = this.#db.prepare(sql)));
        statement.run(values);
      }
      const after = this.#read(id);
      also?.(before, after);
      return after;
    });
  }

  /** Runs a write in a transaction; the in-memory mirror changes only once it has committed. */
  #commit(write: () => Campaign): Campaign {
    return this.remember(this.#db.transaction(write)());
  }

  #read(id: number): Campaign {
    const row = this.#select.get(id);
    if (!row) throw new Error(`campaign ${id} vanished`);
    return fromRow(row);
  }

  /** Reads one campaign back from the database into memory (after a write). */
  reload(id: number): Campaign {
    return this.remember(this.#read(id));
  }

  /**
   * Reads the stored counts of these campaigns into memory, once another connection (the writer
   * thread) has committed rows to them. Read, not added: a reload in between (see
   * syncExternalChanges) may already hold that commit.
   */
  refreshCounts(ids: readonly number[]): void {
    for (const id of ids) {
      const campaign = this.byId(id);
      const stored = this.#storedCount.get(id);
      if (campaign && stored !== undefined) campaign.signatures = stored;
    }
  }

  /** Adds to the in-memory count once a transaction that added rows has committed. */
  applyCommitted(id: number, delta: number): void {
    const campaign = this.byId(id);
    if (campaign) campaign.signatures += delta;
  }
}

/** The campaign store behind the storage interface. */
export class SqliteCampaigns implements CampaignStorage {
  readonly #store: CampaignStore;
  readonly #audit: AuditLog;
  readonly #onUpdate: ((after: Campaign) => void) | undefined;

  /** `onUpdate` runs inside each update's transaction (the campaign.updated webhook event). */
  constructor(store: CampaignStore, audit: AuditLog, onUpdate?: (after: Campaign) => void) {
    this.#store = store;
    this.#audit = audit;
    this.#onUpdate = onUpdate;
  }

  get(slug: string) {
    return this.#store.get(slug);
  }

  byId(id: number) {
    return this.#store.byId(id);
  }

  list() {
    return this.#store.list();
  }

  async create(input: NewCampaign, audit?: (created: Campaign) => AuditRecord): Promise<Campaign> {
    try {
      return this.#store.create(input, audit && ((created) => this.#audit.record(audit(created))));
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new CampaignTaken();
      throw error;
    }
  }

  async update(
    id: number,
    patch: CampaignPatch,
    audit?: (before: Campaign, after: Campaign) => AuditRecord | null,
  ): Promise<Campaign> {
    return this.#store.update(id, patch, (before, after) => {
      this.#onUpdate?.(after);
      const record = audit?.(before, after);
      if (record) this.#audit.record(record);
    });
  }
}
