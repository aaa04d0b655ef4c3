/**
 * Campaign statistics on PostgreSQL (see stats-storage.ts for what they hold): the database
 * groups the rows, in one statement and so one snapshot, and stats-tally.ts shapes the answer as
 * it does SQLite's, to the byte. Nothing is kept between calls: with several nodes, a tally kept
 * in one node's memory could miss another's rows (ids are not committed in order) or erasures,
 * and the grouping runs in the database's process, not on this node's event loop.
 *
 * Days are UTC, as on SQLite: the day number is floor(created_at / 86,400,000), computed exactly.
 */
import type pg from 'pg';
import type { CampaignStats, PartnerStats, StatsStorage } from '../stats-storage.ts';
import type { PartnerTally } from '../stats-tally.ts';
import {
  addCounted,
  addFlagged,
  addPartnerDay,
  addPending,
  addPlace,
  addRetainedCity,
  newTally,
  partnerStats,
  summary,
} from '../stats-tally.ts';

const DAY = 'floor(created_at / 86400000.0)::bigint';

/**
 * One scan, three groupings: by flag (the unflagged rows are the null group), by partner and day,
 * and by place. The last two count only counted rows (neither flagged nor pending); a group of
 * flagged or pending rows alone counts 0, and pending rows are counted by day apart.
 */
const COUNTED = 'flagged IS NULL AND pending = 0';
const CAMPAIGN = {
  name: 'stats-campaign',
  text: `SELECT grouping(flagged) = 0 AS by_flag, grouping(partner) = 0 AS by_partner,
           flagged, partner, day, country, city, count(*) AS rows,
           count(*) FILTER (WHERE ${COUNTED}) AS signatures,
           count(*) FILTER (WHERE flagged IS NULL AND pending = 1) AS pending,
           count(*) FILTER (WHERE ${COUNTED} AND confirmed_at IS NOT NULL) AS confirmed,
           count(*) FILTER (WHERE reviewed_at IS NULL) AS to_review,
           coalesce(sum(opt_in) FILTER (WHERE ${COUNTED}), 0) AS opted_in,
           coalesce(sum(partner_opt_in) FILTER (WHERE ${COUNTED}), 0) AS partner_opted_in
         FROM (SELECT flagged, pending, confirmed_at, partner, ${DAY} AS day, country, city, opt_in,
                 partner_opt_in, reviewed_at
               FROM signatures WHERE campaign_id = $1) AS s
         GROUP BY GROUPING SETS ((flagged), (partner, day), (country, city))`,
};

/** What no tally holds: retention deletions (audited) and bounced mails. */
const COUNTS = {
  name: 'stats-confirmation',
  text: `SELECT
           (SELECT coalesce(sum(new_value), 0)::bigint FROM audit_log
            WHERE campaign_id = $1 AND action = 'unconfirmed_deleted') AS "unconfirmedDeleted",
           (SELECT count(*) FROM mail_outbox WHERE campaign_id = $1 AND state = 'bounced') AS bounced`,
};

/** The city totals of rows erased after the retention (their rows have no city). */
const RETAINED = {
  name: 'stats-retained',
  text: `SELECT country, city, sum(signatures)::int AS signatures FROM retained_places
         WHERE campaign_id = $1 GROUP BY country, city`,
};

const PARTNER = {
  name: 'stats-partner',
  text: `SELECT ${DAY} AS day, count(*) AS signatures, sum(opt_in) AS opted_in,
           sum(partner_opt_in) AS partner_opted_in
         FROM signatures WHERE campaign_id = $1 AND partner = $2 AND ${COUNTED}
         GROUP BY 1`,
};

interface Group {
  by_flag: boolean;
  by_partner: boolean;
  flagged: string | null;
  partner: string | null;
  day: number;
  country: string | null;
  city: string;
  rows: number;
  signatures: number;
  to_review: number;
  pending: number;
  confirmed: number;
  opted_in: number;
  partner_opted_in: number;
}

const countsOf = (group: Pick<Group, 'signatures' | 'opted_in' | 'partner_opted_in'>) => ({
  signatures: group.signatures,
  optedIn: group.opted_in,
  partnerOptedIn: group.partner_opted_in,
});

/** Statistics read from the database at each call. */
export class PgStats implements StatsStorage {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async of(campaignId: number): Promise<CampaignStats> {
    const [{ rows }, counts, retained] = await Promise.all([
      this.#pool.query<Group>({ ...CAMPAIGN, values: [campaignId] }),
      this.#pool.query({ ...COUNTS, values: [campaignId] }),
      this.#pool.query<Pick<Group, 'country' | 'city' | 'signatures'>>({
        ...RETAINED,
        values: [campaignId],
      }),
    ]);
    const tally = newTally();
    for (const place of retained.rows)
      addRetainedCity(tally, place.country, place.city, place.signatures);
    for (const group of rows) {
      if (group.by_flag) {
        if (group.flagged !== null) addFlagged(tally, group.flagged, group.rows, group.to_review);
        else tally.confirmed += group.confirmed;
        continue;
      }
      if (group.by_partner && group.pending) addPending(tally, group.day, group.pending);
      if (group.signatures === 0) continue; // Only flagged or pending rows: nothing counted.
      if (group.by_partner) addCounted(tally, group.partner, group.day, countsOf(group));
      else addPlace(tally, group.country, group.city, group.signatures);
    }
    return summary(tally, counts.rows[0]);
  }

  async ofPartner(campaignId: number, partner: string): Promise<PartnerStats> {
    const { rows } = await this.#pool.query<Group>({ ...PARTNER, values: [campaignId, partner] });
    if (!rows.length) return partnerStats(undefined);
    const tally: PartnerTally = { signatures: 0, optedIn: 0, partnerOptedIn: 0, byDay: new Map() };
    for (const group of rows) addPartnerDay(tally, group.day, countsOf(group));
    return partnerStats(tally);
  }
}
