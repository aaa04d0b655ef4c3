/**
 * Campaign statistics for admins: totals by day, by partner, by country and city, the flagged
 * count and the opt-in rate. Counted (unflagged) rows only, except the flagged count itself.
 * Each is one aggregate query over the campaign's rows: fine for an admin page at a million rows
 * (a few hundred milliseconds), not something to put behind a public endpoint.
 */
import type { Db } from './open.ts';

/** The most groups a ranking returns (partners, countries, cities). */
const TOP = 100;

export interface CampaignStats {
  signatures: number;
  flagged: number;
  optedIn: number;
  /** Opted-in share of counted signatures, 0..1 (0 when there are none). */
  optInRate: number;
  byDay: { day: string; signatures: number }[];
  byPartner: { partner: string | null; signatures: number }[];
  byCountry: { country: string | null; signatures: number }[];
  byCity: { country: string | null; city: string; signatures: number }[];
}

/** The statistics queries, prepared once. */
export class AdminStats {
  readonly #statements;

  constructor(db: Db) {
    const counted = 'FROM signatures WHERE campaign_id = ? AND flagged IS NULL';
    this.#statements = {
      totals: db.prepare<[number], { signatures: number; flagged: number; optedIn: number }>(
        `SELECT coalesce(SUM(flagged IS NULL), 0) AS signatures, coalesce(SUM(flagged IS NOT NULL), 0) AS flagged,
           coalesce(SUM(opt_in = 1 AND flagged IS NULL), 0) AS optedIn
         FROM signatures WHERE campaign_id = ?`,
      ),
      // Days in UTC; the scan follows signatures_time, so the grouping streams.
      byDay: db.prepare<[number], { day: string; signatures: number }>(
        `SELECT date(created_at / 1000, 'unixepoch') AS day, COUNT(*) AS signatures ${counted} GROUP BY day ORDER BY day`,
      ),
      byPartner: db.prepare<[number, number], { partner: string | null; signatures: number }>(
        `SELECT partner, COUNT(*) AS signatures ${counted} GROUP BY partner ORDER BY signatures DESC, partner LIMIT ?`,
      ),
      byCountry: db.prepare<[number, number], { country: string | null; signatures: number }>(
        `SELECT country, COUNT(*) AS signatures ${counted} GROUP BY country ORDER BY signatures DESC, country LIMIT ?`,
      ),
      byCity: db.prepare<[number, number], { country: string | null; city: string; signatures: number }>(
        `SELECT country, city, COUNT(*) AS signatures ${counted}
         GROUP BY country, city ORDER BY signatures DESC, country, city LIMIT ?`,
      ),
    };
  }

  /** Everything at once. */
  of(campaignId: number): CampaignStats {
    const s = this.#statements;
    const totals = s.totals.get(campaignId)!;
    return {
      ...totals,
      optInRate: totals.signatures ? Math.round((totals.optedIn / totals.signatures) * 10_000) / 10_000 : 0,
      byDay: s.byDay.all(campaignId),
      byPartner: s.byPartner.all(campaignId, TOP),
      byCountry: s.byCountry.all(campaignId, TOP),
      byCity: s.byCity.all(campaignId, TOP),
    };
  }
}
