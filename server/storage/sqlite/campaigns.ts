/**
 * Campaigns: stored in SQLite, served from memory.
 *
 * Every campaign is loaded once and kept in a Map; writes go to the database first and then to
 * the Map, so the hot paths (the counter, the campaign read) never touch the disk.
 */
import { createHash } from 'node:crypto';
import type { CampaignTexts, Counter, Language, OptionalField } from '../../contract/public.ts';
import type Database from 'better-sqlite3';
import { chooseLanguage } from '../../i18n/languages.ts';
import { CampaignMemory } from '../campaign-memory.ts';
import type { Db } from './open.ts';

export type CampaignStatus = 'draft' | 'open' | 'closed';

/** A campaign as the server holds it. */
export interface Campaign {
  id: number;
  slug: string;
  status: CampaignStatus;
  target: string;
  defaultLang: Language;
  texts: Partial<Record<Language, CampaignTexts>>;
  fields: OptionalField[];
  allowedOrigins: string[];
  offset: number;
  goal: number | null;
  /** Unflagged signatures: the `signature_count` column, kept in step with the rows. */
  signatures: number;
  createdAt: number;
  updatedAt: number;
}

/** What it takes to create a campaign. */
export type NewCampaign = Pick<Campaign, 'slug' | 'target' | 'defaultLang' | 'texts'> &
  Partial<Pick<Campaign, 'status' | 'fields' | 'allowedOrigins' | 'offset' | 'goal'>>;

/** What an update may change. */
export type CampaignPatch = Partial<
  Pick<
    Campaign,
    'status' | 'target' | 'defaultLang' | 'texts' | 'fields' | 'allowedOrigins' | 'offset' | 'goal'
  >
>;

/** A patch's keys pick columns from here (both engines): they never reach SQL themselves. */
export const PATCH_COLUMNS: Record<keyof CampaignPatch, string> = {
  status: 'status',
  target: 'target',
  defaultLang: 'default_lang',
  texts: 'texts',
  fields: 'fields',
  allowedOrigins: 'allowed_origins',
  offset: 'counter_offset',
  goal: 'goal',
};

/** A row of `campaigns`, as both engines return it. */
export interface CampaignRow {
  id: number;
  slug: string;
  status: CampaignStatus;
  target: string;
  default_lang: Language;
  texts: string;
  fields: string;
  allowed_origins: string;
  counter_offset: number;
  goal: number | null;
  signature_count: number;
  created_at: number;
  updated_at: number;
}

export function fromRow(row: CampaignRow): Campaign {
  return {
    id: row.id,
    slug: row.slug,
    status: row.status,
    target: row.target,
    defaultLang: row.default_lang,
    texts: JSON.parse(row.texts),
    fields: JSON.parse(row.fields),
    allowedOrigins: JSON.parse(row.allowed_origins),
    offset: row.counter_offset,
    goal: row.goal,
    signatures: row.signature_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The public counter of a campaign. */
export function counterOf(campaign: Campaign): Counter {
  return {
    signatures: campaign.signatures,
    offset: campaign.offset,
    total: campaign.signatures + campaign.offset,
    goal: campaign.goal,
  };
}

/** A short hash of the consent texts a supporter was shown: the consent receipt's version. */
export function consentVersion(texts: CampaignTexts, lang: Language): string {
  const shown = [lang, texts.deliveryNote, texts.privacyNote, texts.privacyUrl, texts.optInLabel];
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
}

/**
 * Picks the campaign's texts for the reader's languages (`fr-CA,en`: see chooseLanguage), falling
 * back to the campaign's default. The interface follows the same choice, so a reader sees one
 * language, never the campaign in one and the buttons in another.
 */
export function textsFor(
  campaign: Campaign,
  wanted: string | undefined,
): { lang: Language; texts: CampaignTexts } {
  const lang = chooseLanguage(wanted, Object.keys(campaign.texts), campaign.defaultLang);
  return { lang, texts: campaign.texts[lang] as CampaignTexts };
}

/** The campaign store: the database and its in-memory mirror. */
export class CampaignStore extends CampaignMemory {
  readonly #db: Db;
  readonly #insert;
  readonly #select;
  readonly #selectAll;
  readonly #dataVersion;
  #seenVersion: number;
  /** Prepared UPDATEs, one per set of columns changed (at most 2^8, in practice a handful). */
  readonly #updates = new Map<string, Database.Statement>();

  constructor(db: Db) {
    super();
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO campaigns (slug, status, target, default_lang, texts, fields, allowed_origins,
         counter_offset, goal, created_at, updated_at)
       VALUES (@slug, @status, @target, @defaultLang, @texts, @fields, @allowedOrigins, @offset,
         @goal, @now, @now)`,
    );
    this.#select = db.prepare<[number], CampaignRow>('SELECT * FROM campaigns WHERE id = ?');
    this.#selectAll = db.prepare<[], CampaignRow>('SELECT * FROM campaigns');
    this.#dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
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

  /** Adds to the in-memory count once a transaction that added rows has committed. */
  applyCommitted(id: number, delta: number): void {
    const campaign = this.byId(id);
    if (campaign) campaign.signatures += delta;
  }
}
