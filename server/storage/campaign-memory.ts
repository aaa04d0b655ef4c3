/**
 * The campaigns a node holds in memory, by slug and by id: the hot paths (the counter, the
 * campaign read, signing) never wait on the database. Each engine's campaign store extends it and
 * keeps it current its own way (SQLite after its own writes and another connection's commits,
 * PostgreSQL by LISTEN/NOTIFY from every node).
 */
import type { Campaign } from '../campaigns/campaign.ts';

/** Campaigns by slug and id. */
export class CampaignMemory {
  readonly #bySlug = new Map<string, Campaign>();
  readonly #byId = new Map<number, Campaign>();

  /** Holds `campaign` in place of the one with its id (under its new slug, if that changed). */
  protected remember(campaign: Campaign): Campaign {
    const old = this.#byId.get(campaign.id);
    if (old && old.slug !== campaign.slug) this.#bySlug.delete(old.slug);
    this.#bySlug.set(campaign.slug, campaign);
    this.#byId.set(campaign.id, campaign);
    return campaign;
  }

  /** The campaign with this slug, from memory. */
  get(slug: string): Campaign | undefined {
    return this.#bySlug.get(slug);
  }

  /** The campaign with this id, from memory. */
  byId(id: number): Campaign | undefined {
    return this.#byId.get(id);
  }

  /** Every campaign, newest first. */
  list(): Campaign[] {
    return [...this.#byId.values()].sort((a, b) => b.id - a.id);
  }
}
