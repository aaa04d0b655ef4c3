/**
 * Campaign statistics for admins: totals by day, by partner (signatures brought, opt-ins to the
 * host, opt-ins to the partner, in all and by day), by country and city, the flagged count (by
 * reason) and the opt-in rate. Counted (unflagged) rows only, except the flagged counts.
 *
 * GROUP BY queries over a million rows held the event loop (and so signing) for seconds. Instead
 * the rows are tallied in id order, a chunk at a time with a turn of the event loop between
 * chunks, and the tally is kept: the next request only reads rows newer than its last id. Rows
 * only change by an erasure or a flag decision, and each of those writes an audit row in its
 * transaction: a tally is kept only while the campaign's last such audit row is the one it began
 * with (the CLI decides from its own connection, so the routes' `forget` alone would miss it).
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Db } from './open.ts';

/** The most groups a ranking returns (partners, countries, cities). */
const TOP = 100;
/** Rows per chunk: a few milliseconds of work, so signing never waits long behind it. */
const CHUNK_ROWS = 5000;
const DAY_MS = 86_400_000;

/** Counted signatures a partner brought and what they opted in to. */
interface PartnerCounts {
  signatures: number;
  /** Opted in to the host. */
  optedIn: number;
  /** Opted in to the partner. */
  partnerOptedIn: number;
}

/** One partner's counts, in all and by day (UTC). */
export interface PartnerStats extends PartnerCounts {
  byDay: ({ day: string } & PartnerCounts)[];
}

export interface CampaignStats {
  signatures: number;
  flagged: number;
  /** Flagged rows by reason (rate_burst, honeypot, manual, ...), most first. */
  flaggedByReason: { reason: string; signatures: number }[];
  optedIn: number;
  /** Opted-in share of counted signatures, 0..1 (0 when there are none). */
  optInRate: number;
  byDay: { day: string; signatures: number }[];
  byPartner: ({ partner: string | null } & PartnerStats)[];
  byCountry: { country: string | null; signatures: number }[];
  byCity: { country: string | null; city: string; signatures: number }[];
}

interface Tally {
  lastId: number;
  /** The campaign's last erasure or flag decision in audit_log when the tally began. */
  auditMark: number;
  signatures: number;
  flagged: number;
  flaggedBy: Map<string, number>;
  optedIn: number;
  byDay: Map<number, number>;
  byPartner: Map<string | null, PartnerTally>;
  byCountry: Map<string | null, number>;
  /** Keyed by JSON [country, city], so neither part can be confused with the other. */
  byCity: Map<string, number>;
}

interface PartnerTally extends PartnerCounts {
  byDay: Map<number, PartnerCounts>;
}

type Row = [
  id: number,
  createdAt: number,
  partner: string | null,
  country: string | null,
  city: string,
  optIn: number,
  flagged: string | null,
  partnerOptIn: number,
];

const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

const dayOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function countPartner(tally: PartnerTally, day: number, optIn: number, partnerOptIn: number) {
  let today = tally.byDay.get(day);
  if (!today) tally.byDay.set(day, (today = { signatures: 0, optedIn: 0, partnerOptedIn: 0 }));
  for (const counts of [tally, today]) {
    counts.signatures++;
    counts.optedIn += optIn;
    counts.partnerOptedIn += partnerOptIn;
  }
}

function copyPartner(tally: PartnerTally): PartnerTally {
  const byDay = new Map([...tally.byDay].map(([day, counts]) => [day, { ...counts }]));
  return { ...tally, byDay };
}

/** A partner's tally as the API shows it. */
function partnerStats(tally: PartnerTally | undefined): PartnerStats {
  if (!tally) return { signatures: 0, optedIn: 0, partnerOptedIn: 0, byDay: [] };
  const { signatures, optedIn, partnerOptedIn } = tally;
  const byDay = [...tally.byDay]
    .sort((a, b) => a[0] - b[0])
    .map(([day, counts]) => ({ day: dayOf(day), ...counts }));
  return { signatures, optedIn, partnerOptedIn, byDay };
}

function ranked<K>(map: Map<K, number>): [K, number][] {
  const byCount = (a: [K, number], b: [K, number]) =>
    b[1] - a[1] || String(a[0]).localeCompare(String(b[0]));
  return [...map].sort(byCount).slice(0, TOP);
}

function summary(tally: Tally): CampaignStats {
  const { signatures, flagged, optedIn } = tally;
  return {
    signatures,
    flagged,
    flaggedByReason: ranked(tally.flaggedBy).map(([reason, count]) => ({
      reason,
      signatures: count,
    })),
    optedIn,
    optInRate: signatures ? Math.round((optedIn / signatures) * 10_000) / 10_000 : 0,
    byDay: [...tally.byDay]
      .sort((a, b) => a[0] - b[0])
      .map(([day, count]) => ({ day: dayOf(day), signatures: count })),
    byPartner: [...tally.byPartner]
      .sort((a, b) => b[1].signatures - a[1].signatures || String(a[0]).localeCompare(String(b[0])))
      .slice(0, TOP)
      .map(([partner, counts]) => ({ partner, ...partnerStats(counts) })),
    byCountry: ranked(tally.byCountry).map(([country, count]) => ({ country, signatures: count })),
    byCity: ranked(tally.byCity).map(([key, count]) => {
      const [country, city] = JSON.parse(key) as [string | null, string];
      return { country, city, signatures: count };
    }),
  };
}

/** Tallies per campaign, brought up to date on each request. */
export class AdminStats {
  readonly #chunk;
  readonly #auditMark;
  readonly #tallies = new Map<number, Tally>();
  readonly #running = new Map<number, Promise<Tally>>();
  /** Bumped by `forget`: a tally begun before an erasure is not kept. */
  readonly #generation = new Map<number, number>();

  constructor(db: Db) {
    this.#chunk = db
      .prepare<[number, number, number], Row>(
        `SELECT id, created_at, partner, country, city, opt_in, flagged, partner_opt_in FROM signatures
         WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?`,
      )
      .raw();
    this.#auditMark = db
      .prepare<[number], number | null>(
        `SELECT max(id) FROM audit_log
         WHERE campaign_id = ? AND action IN ('erasure', 'flag', 'unflag')`,
      )
      .pluck();
  }

  /** The statistics of a campaign, as of now. */
  async of(campaignId: number): Promise<CampaignStats> {
    return summary(await this.#current(campaignId));
  }

  /** One partner's counts in a campaign (a partner key's view of the statistics). */
  async ofPartner(campaignId: number, partner: string): Promise<PartnerStats> {
    return partnerStats((await this.#current(campaignId)).byPartner.get(partner));
  }

  #current(campaignId: number): Promise<Tally> {
    // Concurrent requests share one catch-up: two walking the same tally would count rows twice.
    let running = this.#running.get(campaignId);
    if (!running) {
      const started: Promise<Tally> = this.#catchUp(campaignId).finally(() => {
        if (this.#running.get(campaignId) === started) this.#running.delete(campaignId);
      });
      this.#running.set(campaignId, (running = started));
    }
    return running;
  }

  /** Drops a campaign's tally (after an erasure: a counted row is gone). */
  forget(campaignId: number): void {
    this.#tallies.delete(campaignId);
    // A catch-up under way may have counted the erased row: later requests must not join it.
    this.#running.delete(campaignId);
    this.#generation.set(campaignId, (this.#generation.get(campaignId) ?? 0) + 1);
  }

  async #catchUp(campaignId: number): Promise<Tally> {
    const generation = this.#generation.get(campaignId) ?? 0;
    const auditMark = this.#auditMark.get(campaignId) ?? 0;
    const stored = this.#tallies.get(campaignId);
    const kept = stored?.auditMark === auditMark ? stored : undefined;
    // A copy: the kept tally stays as it was until this catch-up is known to be good.
    const tally: Tally = {
      lastId: kept?.lastId ?? 0,
      auditMark,
      signatures: kept?.signatures ?? 0,
      flagged: kept?.flagged ?? 0,
      flaggedBy: new Map(kept?.flaggedBy),
      optedIn: kept?.optedIn ?? 0,
      byDay: new Map(kept?.byDay),
      byPartner: new Map(
        [...(kept?.byPartner ?? [])].map(([partner, counts]) => [partner, copyPartner(counts)]),
      ),
      byCountry: new Map(kept?.byCountry),
      byCity: new Map(kept?.byCity),
    };
    for (;;) {
      const rows = this.#chunk.all(campaignId, tally.lastId, CHUNK_ROWS);
      for (const [id, createdAt, partner, country, city, optIn, flagged, partnerOptIn] of rows) {
        tally.lastId = id;
        if (flagged !== null) {
          tally.flagged++;
          bump(tally.flaggedBy, flagged);
          continue;
        }
        tally.signatures++;
        if (optIn) tally.optedIn++;
        const day = Math.floor(createdAt / DAY_MS);
        bump(tally.byDay, day);
        let byPartner = tally.byPartner.get(partner);
        if (!byPartner) {
          byPartner = { signatures: 0, optedIn: 0, partnerOptedIn: 0, byDay: new Map() };
          tally.byPartner.set(partner, byPartner);
        }
        countPartner(byPartner, day, optIn, partnerOptIn);
        bump(tally.byCountry, country);
        bump(tally.byCity, JSON.stringify([country, city]));
      }
      if (rows.length < CHUNK_ROWS) break;
      await nextTurn();
    }
    const current = this.#generation.get(campaignId) ?? 0;
    if (current === generation) this.#tallies.set(campaignId, tally);
    return tally;
  }
}
