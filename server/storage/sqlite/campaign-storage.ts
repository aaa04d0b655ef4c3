/**
 * SQLite's campaigns behind the storage interface: the synchronous store (campaigns.ts) with
 * its audit rows and its campaign.updated webhook events written in the change's own
 * transaction. The in-memory reads stay synchronous.
 */
import type { AuditRecord } from '../audit-record.ts';
import type { AuditLog } from './audit.ts';
import type { Campaign, CampaignPatch, NewCampaign } from '../../campaigns/campaign.ts';
import type { CampaignStore } from './campaigns.ts';
import type { CampaignStorage } from '../storage.ts';
import { CampaignTaken } from '../storage.ts';

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
