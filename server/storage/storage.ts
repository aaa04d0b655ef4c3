/**
 * The storage interface: what the routes, the CLI and the exports need from a database, whichever
 * engine holds it (SQLite in one file, the default; PostgreSQL behind several API nodes).
 *
 * Asynchronous throughout, because PostgreSQL answers over a socket. Campaigns are the exception:
 * each engine keeps them in memory (the hot paths, the counter and the campaign read, never wait
 * on the database) and keeps that mirror current, PostgreSQL across nodes with LISTEN/NOTIFY.
 * A change that needs an audit row hands the engine the row to write, as data, so the change and
 * its record commit in one transaction on either engine.
 */
import type { SignaturesQuery } from '../contract/admin.ts';
import type { AuditEntry, AuditRecord } from './audit-record.ts';
import type { AdminSignature, SignaturePage } from './admin-signature.ts';
import type { BulkRelease, BulkReleased, FlagDecision, FlagOutcome } from './flag-decision.ts';
import type { Actor, AdminKeyInfo, PartnerScope } from './actor.ts';
import type { Campaign, CampaignPatch, NewCampaign } from '../campaigns/campaign.ts';
import type { ExportKind } from './export-columns.ts';
import type { GoalReached } from './goal-history.ts';
import type { RecentSigner } from '../contract/public.ts';
import type { Idempotency, Outcome, SignatureRow } from './signature-row.ts';
import type { StatsStorage } from './stats-storage.ts';
import type { WebhookStorage } from './webhook-storage.ts';
import type { ConfirmationStorage } from './confirmation-storage.ts';
import type { MailStorage } from './mail-storage.ts';
import type { RetentionStorage } from './retention-storage.ts';

export type StorageEngine = 'sqlite' | 'postgres';

/** Campaigns: read from memory, written through to the database. */
export interface CampaignStorage {
  get(slug: string): Campaign | undefined;
  byId(id: number): Campaign | undefined;
  /** Every campaign, newest first. */
  list(): Campaign[];
  /** Creates one; rejects with a CampaignTaken error when the slug is taken. */
  create(input: NewCampaign, audit?: (created: Campaign) => AuditRecord): Promise<Campaign>;
  /** Changes one; `audit` may name a row to write in the same transaction. */
  update(
    id: number,
    patch: CampaignPatch,
    audit?: (before: Campaign, after: Campaign) => AuditRecord | null,
  ): Promise<Campaign>;
}

/** Signatures: group-committed, answered once durable. */
export interface SignatureStorage {
  submit(row: SignatureRow, idempotency: Idempotency | null): Promise<Outcome>;
  /** Forgets idempotency records older than the TTL; returns how many. */
  expireKeys(now?: number): Promise<number>;
}

/** Signature pages and a person's rows for the admin API: SQLite answers at once, PostgreSQL with a promise. */
export interface SignatureReader {
  page(
    campaignId: number,
    query: SignaturesQuery,
    after: number,
  ): SignaturePage | Promise<SignaturePage>;
  ofPerson(campaignId: number, emailHash: string): AdminSignature[] | Promise<AdminSignature[]>;
}

/**
 * What revoking a key did: `outcome` for the key, and the hooks it had made that were disabled in
 * the same transaction (a revoked key's hooks stop with it; a key revoked before its hooks were
 * stopped has them stopped by a second revoke).
 */
export interface Revocation {
  outcome: 'revoked' | 'already' | 'unknown';
  disabledWebhooks: { id: number; url: string }[];
}

/** Admin keys: shown once, stored hashed. */
export interface KeyStorage {
  create(
    label: string,
    scope?: PartnerScope | null,
    now?: number,
  ): Promise<{ id: number; key: string }>;
  list(): Promise<AdminKeyInfo[]>;
  revoke(id: number, now?: number): Promise<Revocation>;
  verify(key: string, adminToken: string | undefined, now?: number): Promise<Actor | null>;
}

/** Both CSV exports, streamed in constant memory. */
export interface ExportStorage {
  count(kind: ExportKind, campaignId: number): Promise<number>;
  stream(
    kind: ExportKind,
    campaignId: number,
    onRows?: (rows: number) => void,
    partner?: string,
  ): ReadableStream<Uint8Array>;
  /** Counted rows' names and cities (delivery.csv's), a chunk at a time: the delivery pack's. */
  deliveryRows(campaignId: number): AsyncGenerator<[name: string, city: string][]>;
}

/** One engine's storage. */
export interface Storage {
  readonly engine: StorageEngine;
  readonly campaigns: CampaignStorage;
  readonly signatures: SignatureStorage;
  /** Signature pages and a person's rows for the admin API. */
  readonly signaturePages: SignatureReader;
  readonly partners: import('./partner-storage.ts').PartnerStorage;
  readonly keys: KeyStorage;
  readonly exports: ExportStorage;
  readonly stats: StatsStorage;
  /** Webhooks: hooks, deliveries, the worker's claims (storage/webhook-storage.ts). */
  readonly webhooks: WebhookStorage;
  /** Email confirmation: the link's page and button, resends, the sweep. */
  readonly confirmations: ConfirmationStorage;
  /** The mail outbox, as the mail worker reads it (storage/mail-storage.ts). */
  readonly mails: MailStorage;
  /** Retention after delivery: the sweep that erases personal data once a campaign's days pass. */
  readonly retention: RetentionStorage;
  /** A campaign's audit trail, oldest first. */
  auditTrail(campaignId: number): Promise<AuditEntry[]>;
  /** The goals a campaign has reached, lowest first, each with when (goal-history.ts). */
  goalHistory(campaignId: number): Promise<GoalReached[]>;
  /** Who just signed and asked to be shown: first name, city, minutes ago (recent-signers.ts). */
  recent(campaignId: number, now?: number): Promise<RecentSigner[]>;
  /** Erases the person a signature belongs to, in its campaign; null when the id is unknown. */
  erase(signatureId: number, actor: Actor): Promise<{ campaignId: number; rows: number } | null>;
  /** Counts a flagged signature or flags a counted one, audited (see flag-decision.ts). */
  decideFlag(id: number, decision: FlagDecision, actor: Actor): Promise<FlagOutcome>;
  /** Counts every unreviewed row with one flag, as decideFlag would each (see flag-decision.ts). */
  releaseFlagged(campaignId: number, release: BulkRelease, actor: Actor): Promise<BulkReleased>;
  /**
   * Picks up campaign changes another process committed that this one was not told of (the
   * admin CLI beside a SQLite server); a no-op where the engine hears of them itself.
   */
  refresh(): void;
  /** Whether writes would be taken now (for /readyz): false while the storage refuses them. */
  ready(): Promise<boolean>;
  /** Answers when the database does (for /healthz). */
  ping(): Promise<void>;
  /** Finishes queued writes and closes the connections. */
  close(): Promise<void>;
}

/** A campaign slug already in use, from either engine's unique constraint. */
export class CampaignTaken extends Error {
  constructor() {
    super('A campaign with this slug exists.');
  }
}
