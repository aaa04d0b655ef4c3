/**
 * Which database errors are a row's fault and which are the storage's, on either engine.
 *
 * A constraint error belongs to one row (a CHECK, a NOT NULL): the rest of its batch can still be
 * written. Anything else (SQLITE_BUSY, SQLITE_FULL, SQLITE_IOERR, SQLITE_READONLY...) is the
 * storage's: SQLite may already have rolled the whole transaction back, so nothing of the batch may
 * commit after it, and the request can only be asked to come back later (503 with Retry-After).
 */

/** Seconds a client is asked to wait before retrying a write the storage refused. */
export const RETRY_AFTER_SECONDS = 2;

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * A constraint failure: the row is at fault, not the storage. PostgreSQL's SQLSTATE classes 22
 * (data exception) and 23 (integrity constraint) are the same kind of error.
 */
export function isRowError(error: unknown): boolean {
  const code = codeOf(error);
  return code.startsWith('SQLITE_CONSTRAINT') || /^2[23][0-9A-Z]{3}$/.test(code);
}

/** Another connection holds the lock: the same write can succeed a moment later. */
export function isLockBusy(error: unknown): boolean {
  const code = codeOf(error);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/**
 * Any SQLite error other than a constraint, or PostgreSQL out of reach or out of resources
 * (SQLSTATE 08 connection, 53 resources, 57P shutdown, 40 a transaction rolled back, 55 not in a
 * state to serve: "database is not currently accepting connections" during a restart or
 * failover), or the driver's own "Connection terminated" with no SQLSTATE: the storage cannot
 * take writes right now.
 */
export function isStorageFault(error: unknown): boolean {
  const code = codeOf(error);
  if (
    /^(08|53|55|57P|40)[0-9A-Z]+$/.test(code) ||
    /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(code)
  )
    return true;
  if (!code && /^Connection terminated/.test((error as Error | null)?.message ?? '')) return true;
  return code.startsWith('SQLITE_') && !isRowError(error);
}

/** A write the storage refused; nothing of it was committed. */
export class StorageUnavailable extends Error {
  /** The database's error code, for the log (never a message: it may hold input). */
  readonly code: string;

  constructor(cause: unknown) {
    super('The database cannot take writes right now.');
    this.name = 'StorageUnavailable';
    this.code = codeOf(cause) || 'unknown';
  }
}
