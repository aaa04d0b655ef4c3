/**
 * Campaign statistics on SQLite (see stats-storage.ts for what they hold).
 *
 * GROUP BY queries over a million rows held the event loop (and so signing) for seconds. Instead
 * the rows are tallied in id order, a chunk at a time with a turn of the event loop between
 * chunks, and the tally is kept: the next request only reads rows newer than its last id. Rows
 * only change by an erasure or a flag decision (keeping one flagged too: it is then reviewed), and
 * each of those writes an audit row in its transaction: a tally is kept only while the campaign's
 * last such audit row is the one it began
 * with (the CLI decides from its own connection, so the routes' `forget` alone would miss it).
 * One writer commits rows in id order here, so no row can appear behind the last id read.
 *
 * A pending row (waiting for its email confirmation) is tallied as pending and its id kept; when
 * later confirmed, the next request reads the rows confirmed since the last one (one index range
 * on signatures_confirmed) and moves those it holds as pending into the count. Deleting unconfirmed
 * rows after the retention is audited, so it starts the tally over, as an erasure does.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { CampaignStats, PartnerStats, StatsStorage } from '../stats-storage.ts';
import type { Tally } from '../stats-tally.ts';
import {
  addCounted,
  addFlagged,
  addPending,
  addPlace,
  addRetainedCity,
  dayNumber,
  newTally,
  partnerStats,
  summary,
} from '../stats-tally.ts';
import type { Db } from './open.ts';

/** Rows per chunk: a few milliseconds of work, so signing never waits long behind it. */
const CHUNK_ROWS = 5000;

/** How far back a look for confirmations reaches before the last one: clocks may step back. */
const CLOCK_SLACK_MS = 60_000;

/** A campaign's tally, and where it stands. */
interface Kept extends Tally {
  lastId: number;
  /** The campaign's last erasure, flag decision or retention deletion when the tally began. */
  auditMark: number;
  /** Ids tallied as pending: a confirmation moves them into the count, once. */
  pendingIds: Set<number>;
  /** Confirmations at or after this time may not be tallied yet. */
  confirmedFrom: number;
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
  reviewedAt: number | null,
  pending: number,
  confirmedAt: number | null,
];

const COLUMNS =
  'id, created_at, partner, country, city, opt_in, flagged, partner_opt_in, reviewed_at, pending, confirmed_at';

/** Adds one row to a tally: flagged, pending (its id kept) or counted. */
function addRow(tally: Kept, row: Row): void {
  const [
    id,
    createdAt,
    partner,
    country,
    city,
    optIn,
    flagged,
    partnerOptIn,
    reviewedAt,
    pending,
    confirmedAt,
  ] = row;
  if (flagged !== null) {
    addFlagged(tally, flagged, 1, reviewedAt === null ? 1 : 0);
    return;
  }
  if (pending) {
    addPending(tally, dayNumber(createdAt), 1);
    tally.pendingIds.add(id);
    return;
  }
  if (confirmedAt !== null) tally.confirmed++;
  addCounted(tally, partner, dayNumber(createdAt), {
    signatures: 1,
    optedIn: optIn,
    partnerOptedIn: partnerOptIn,
  });
  addPlace(tally, country, city, 1);
}

/** Tallies per campaign, brought up to date on each request. */
export class AdminStats implements StatsStorage {
  readonly #chunk;
  readonly #confirmedSince;
  readonly #auditMark;
  readonly #counts;
  readonly #retainedPlaces;
  readonly #tallies = new Map<number, Kept>();
  readonly #running = new Map<number, Promise<Kept>>();
  /** Bumped by `forget`: a tally begun before an erasure is not kept. */
  readonly #generation = new Map<number, number>();

  constructor(db: Db) {
    this.#chunk = db
      .prepare<[number, number, number], Row>(
        `SELECT ${COLUMNS} FROM signatures WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?`,
      )
      .raw();
    this.#confirmedSince = db
      .prepare<[number, number, number], Row>(
        `SELECT ${COLUMNS} FROM signatures INDEXED BY signatures_confirmed
         WHERE campaign_id = ? AND confirmed_at >= ? AND id <= ?`,
      )
      .raw();
    this.#auditMark = db
      .prepare<[number], number | null>(
        `SELECT max(id) FROM audit_log
         WHERE campaign_id = ? AND action IN ('erasure', 'flag', 'unflag', 'keep', 'unconfirmed_deleted',
           'retention_erasure')`,
      )
      .pluck();
    this.#counts = db.prepare<[number, number], { unconfirmedDeleted: number; bounced: number }>(
      `SELECT
         (SELECT coalesce(sum(new_value), 0) FROM audit_log
          WHERE campaign_id = ? AND action = 'unconfirmed_deleted') AS unconfirmedDeleted,
         (SELECT count(*) FROM mail_outbox WHERE campaign_id = ? AND state = 'bounced') AS bounced`,
    );
    this.#retainedPlaces = db
      .prepare<[number], [string | null, string, number]>(
        `SELECT country, city, sum(signatures) FROM retained_places WHERE campaign_id = ?
         GROUP BY country, city`,
      )
      .raw();
  }

  /** The statistics of a campaign, as of now. */
  async of(campaignId: number): Promise<CampaignStats> {
    const tally = await this.#current(campaignId);
    return summary(tally, this.#counts.get(campaignId, campaignId)!);
  }

  /** One partner's counts in a campaign (a partner key's view of the statistics). */
  async ofPartner(campaignId: number, partner: string): Promise<PartnerStats> {
    return partnerStats((await this.#current(campaignId)).byPartner.get(partner));
  }

  #current(campaignId: number): Promise<Kept> {
    // Concurrent requests share one catch-up: two walking the same tally would count rows twice.
    let running = this.#running.get(campaignId);
    if (!running) {
      const started: Promise<Kept> = this.#catchUp(campaignId).finally(() => {
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

  async #catchUp(campaignId: number): Promise<Kept> {
    const generation = this.#generation.get(campaignId) ?? 0;
    const auditMark = this.#auditMark.get(campaignId) ?? 0;
    const stored = this.#tallies.get(campaignId);
    const kept = stored?.auditMark === auditMark ? stored : undefined;
    const startedAt = Date.now();
    // A copy: the kept tally stays as it was until this catch-up is known to be good.
    const tally: Kept = {
      ...newTally(kept),
      lastId: kept?.lastId ?? 0,
      auditMark,
      pendingIds: new Set(kept?.pendingIds),
      confirmedFrom: kept?.confirmedFrom ?? startedAt,
    };
    // Rows tallied as pending and confirmed since: into the count (each once: out of the set).
    if (tally.pendingIds.size) {
      for (const row of this.#confirmedSince.all(campaignId, tally.confirmedFrom, tally.lastId)) {
        if (!tally.pendingIds.delete(row[0])) continue;
        addPending(tally, dayNumber(row[1]), -1);
        addRow(tally, row);
      }
    }
    tally.confirmedFrom = startedAt - CLOCK_SLACK_MS;
    // A tally begun afresh takes the cities of the rows erased after the retention from their totals.
    if (!kept)
      for (const place of this.#retainedPlaces.all(campaignId)) addRetainedCity(tally, ...place);
    for (;;) {
      const rows = this.#chunk.all(campaignId, tally.lastId, CHUNK_ROWS);
      for (const row of rows) {
        tally.lastId = row[0];
        addRow(tally, row);
      }
      if (rows.length < CHUNK_ROWS) break;
      await nextTurn();
    }
    const current = this.#generation.get(campaignId) ?? 0;
    if (current === generation) this.#tallies.set(campaignId, tally);
    return tally;
  }
}
