/**
 * People who just signed, with their consent: what `GET /api/campaigns/{slug}/recent` shows. Only
 * rows whose supporter ticked the box (never pre-ticked), counted ones only (not flagged, not
 * waiting for their email confirmation), newest first, at most RECENT_LIMIT; first name and city,
 * nothing else. An erased signature is deleted, so it leaves at once. Both engines read them with
 * the same statement, served by the partial index of SQLite's migration 014 (PostgreSQL's 010).
 */

import type { RecentSigner } from '../contract/public.ts';

/** At most this many: the promise, and the index walk's length. */
export const RECENT_LIMIT = 20;

/** The rows, with `?` for the campaign's id (PostgreSQL renames it). */
export const RECENT_SQL = `SELECT first_name, city, created_at FROM signatures
  WHERE campaign_id = ? AND show_in_recent = 1 AND flagged IS NULL AND pending = 0
  ORDER BY created_at DESC, id DESC LIMIT ${RECENT_LIMIT}`;

/** A row of RECENT_SQL. */
export interface RecentRow {
  first_name: string;
  city: string;
  created_at: number;
}

export const recentSigner =
  (now: number) =>
  (row: RecentRow): RecentSigner => ({
    firstName: row.first_name,
    city: row.city,
    minutesAgo: Math.max(0, Math.floor((now - Number(row.created_at)) / 60_000)),
  });
