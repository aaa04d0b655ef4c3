/**
 * The counts behind a campaign's statistics, and the one function that turns them into the answer
 * (stats-storage.ts). Both engines fill a tally, SQLite a row at a time, PostgreSQL from grouped
 * rows, and both answer through `summary`, so ordering, day boundaries (UTC) and rounding are
 * written once: ties in a ranking fall back to the locale's order, then to the code points, so
 * no answer depends on the order in which an engine happened to meet its groups.
 */
import { countryKey, isCountryCode, placeKey } from './place-names.ts';
import type { CampaignStats, PartnerCounts, PartnerStats } from './stats-storage.ts';

/** The most groups a ranking returns (partners, cities). */
const TOP = 100;
/** Countries: all of them (about 250 codes), and as many typed names the code did not match. */
const COUNTRIES = 500;

/** A country as the answer names it: its ISO code, or the way most typed it. */
const countryShown = (tally: Tally, key: string) =>
  isCountryCode(key) ? key : mostTyped(tally, `country:${key}`, key);
export const DAY_MS = 86_400_000;

/** One partner's counts, in all and by day (days since the epoch, UTC). */
export interface PartnerTally extends PartnerCounts {
  byDay: Map<number, PartnerCounts>;
}

/** A campaign's counts. */
export interface Tally {
  signatures: number;
  /** Unflagged rows waiting for their confirmation, in all and by day of signing. */
  pending: number;
  pendingByDay: Map<number, number>;
  /** Counted rows confirmed by email. */
  confirmed: number;
  flagged: number;
  flaggedToReview: number;
  flaggedBy: Map<string, number>;
  optedIn: number;
  byDay: Map<number, number>;
  byPartner: Map<string | null, PartnerTally>;
  byCountry: Map<string | null, number>;
  /**
   * Keyed by JSON [country, city] as counted (place-names.ts: an ISO code or the country's key,
   * the city's key), so neither part can be confused with the other.
   */
  byCity: Map<string, number>;
  /** How each place was typed, and how often, by its byCity key (or `country:` + its key). */
  spellings: Map<string, Map<string, number>>;
}

/** A tally with nothing counted, or a copy of `from` that can change without changing it. */
export function newTally(from?: Tally): Tally {
  return {
    signatures: from?.signatures ?? 0,
    pending: from?.pending ?? 0,
    pendingByDay: new Map(from?.pendingByDay),
    confirmed: from?.confirmed ?? 0,
    flagged: from?.flagged ?? 0,
    flaggedToReview: from?.flaggedToReview ?? 0,
    flaggedBy: new Map(from?.flaggedBy),
    optedIn: from?.optedIn ?? 0,
    byDay: new Map(from?.byDay),
    byPartner: new Map(
      [...(from?.byPartner ?? [])].map(([partner, counts]) => [partner, copyPartner(counts)]),
    ),
    byCountry: new Map(from?.byCountry),
    byCity: new Map(from?.byCity),
    spellings: new Map([...(from?.spellings ?? [])].map(([key, typed]) => [key, new Map(typed)])),
  };
}

/** The day (since the epoch, UTC) of a time in milliseconds. */
export const dayNumber = (time: number) => Math.floor(time / DAY_MS);

const add = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/** Adds `n` flagged rows with this reason, `toReview` of them not decided on by a person yet. */
export function addFlagged(tally: Tally, reason: string, n: number, toReview: number): void {
  tally.flagged += n;
  tally.flaggedToReview += toReview;
  add(tally.flaggedBy, reason, n);
}

/** Adds `n` unflagged rows signed on `day` that wait for their confirmation (negative: removes). */
export function addPending(tally: Tally, day: number, n: number): void {
  tally.pending += n;
  add(tally.pendingByDay, day, n);
  if (tally.pendingByDay.get(day) === 0) tally.pendingByDay.delete(day);
}

/** Adds counted rows a partner (or none) brought on one day. */
export function addCounted(
  tally: Tally,
  partner: string | null,
  day: number,
  counts: PartnerCounts,
): void {
  tally.signatures += counts.signatures;
  tally.optedIn += counts.optedIn;
  add(tally.byDay, day, counts.signatures);
  let byPartner = tally.byPartner.get(partner);
  if (!byPartner) {
    byPartner = { signatures: 0, optedIn: 0, partnerOptedIn: 0, byDay: new Map() };
    tally.byPartner.set(partner, byPartner);
  }
  addPartnerDay(byPartner, day, counts);
}

/** Remembers that a place was typed this way `n` more times. */
function spelled(tally: Tally, key: string, typed: string, n: number): void {
  let ways = tally.spellings.get(key);
  if (!ways) tally.spellings.set(key, (ways = new Map()));
  add(ways, typed.trim().replace(/\s+/g, ' '), n);
}

/**
 * Adds counted rows from one place, as typed: counted under its normalised country and city. A row
 * erased after the retention has no city (''): its country counts here, its city comes from the
 * totals kept (addRetainedCity).
 */
export function addPlace(tally: Tally, country: string | null, city: string, n: number): void {
  const counted = countryKey(country);
  add(tally.byCountry, counted, n);
  if (counted !== null && !isCountryCode(counted))
    spelled(tally, `country:${counted}`, country!, n);
  if (city !== '') addRetainedCity(tally, country, city, n);
}

/**
 * Adds `n` to a city, normalised, its spelling remembered: a counted row's, or the total kept for
 * the counted rows erased after the retention (retained_places).
 */
export function addRetainedCity(tally: Tally, country: string | null, city: string, n: number) {
  const key = JSON.stringify([countryKey(country), placeKey(city)]);
  add(tally.byCity, key, n);
  spelled(tally, key, city, n);
}

/** The way most people typed a place (ties: the locale's order). */
function mostTyped(tally: Tally, key: string, fallback: string): string {
  const ways = tally.spellings.get(key);
  return ways ? (ranked(ways, itself)[0]?.[0] ?? fallback) : fallback;
}

/** Adds one day's counts to a partner's tally. */
export function addPartnerDay(tally: PartnerTally, day: number, counts: PartnerCounts): void {
  let today = tally.byDay.get(day);
  if (!today) tally.byDay.set(day, (today = { signatures: 0, optedIn: 0, partnerOptedIn: 0 }));
  for (const sum of [tally, today]) {
    sum.signatures += counts.signatures;
    sum.optedIn += counts.optedIn;
    sum.partnerOptedIn += counts.partnerOptedIn;
  }
}

function copyPartner(tally: PartnerTally): PartnerTally {
  const byDay = new Map([...tally.byDay].map(([day, counts]) => [day, { ...counts }]));
  return { ...tally, byDay };
}

const dayOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A partner's tally as the API shows it. */
export function partnerStats(tally: PartnerTally | undefined): PartnerStats {
  if (!tally) return { signatures: 0, optedIn: 0, partnerOptedIn: 0, byDay: [] };
  const { signatures, optedIn, partnerOptedIn } = tally;
  const byDay = [...tally.byDay]
    .sort((a, b) => a[0] - b[0])
    .map(([day, counts]) => ({ day: dayOf(day), ...counts }));
  return { signatures, optedIn, partnerOptedIn, byDay };
}

/** Keys in the locale's order; null before the text "null", code points where the locale ties. */
function keyOrder(a: string | null, b: string | null): number {
  const byLocale = String(a).localeCompare(String(b));
  if (byLocale || a === b) return byLocale;
  if (a === null || b === null) return a === null ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Most first, then by key; the first `top`. */
function ranked<K extends string | null, V>(
  map: Map<K, V>,
  count: (value: V) => number,
  top = TOP,
) {
  return [...map].sort((a, b) => count(b[1]) - count(a[1]) || keyOrder(a[0], b[0])).slice(0, top);
}

const itself = (n: number) => n;

/** What a tally cannot hold: from the audit log and the mail outbox, read at each call. */
export interface ConfirmationCounts {
  unconfirmedDeleted: number;
  bounced: number;
}

const rate = (part: number, whole: number) =>
  whole ? Math.round((part / whole) * 10_000) / 10_000 : 0;

/** The answer for a tally. */
export function summary(
  tally: Tally,
  counts: ConfirmationCounts = { unconfirmedDeleted: 0, bounced: 0 },
): CampaignStats {
  const { signatures, flagged, flaggedToReview, optedIn, pending, confirmed } = tally;
  const days = new Set([...tally.byDay.keys(), ...tally.pendingByDay.keys()]);
  return {
    signatures,
    flagged,
    flaggedToReview,
    flaggedByReason: ranked(tally.flaggedBy, itself).map(([reason, count]) => ({
      reason,
      signatures: count,
    })),
    optedIn,
    optInRate: rate(optedIn, signatures),
    pending,
    confirmed,
    unconfirmedDeleted: counts.unconfirmedDeleted,
    confirmationRate: rate(confirmed, confirmed + pending + counts.unconfirmedDeleted),
    bounced: counts.bounced,
    byDay: [...days]
      .sort((a, b) => a - b)
      .map((day) => ({
        day: dayOf(day),
        signatures: tally.byDay.get(day) ?? 0,
        pending: tally.pendingByDay.get(day) ?? 0,
      })),
    byPartner: ranked(tally.byPartner, (counts) => counts.signatures).map(([partner, counts]) => ({
      partner,
      ...partnerStats(counts),
    })),
    byCountry: ranked(tally.byCountry, itself, COUNTRIES).map(([country, count]) => ({
      country: country === null ? null : countryShown(tally, country),
      signatures: count,
    })),
    byCity: ranked(tally.byCity, itself).map(([key, count]) => {
      const [country, city] = JSON.parse(key) as [string | null, string];
      const shown = country === null ? null : countryShown(tally, country);
      return { country: shown, city: mostTyped(tally, key, city), signatures: count };
    }),
  };
}
