/**
 * What the main thread and the writer thread say to each other (signatures.ts and
 * signature-worker.ts). Each request carries an id, and its answer the same id. Errors cross as
 * their name, message and SQLite code only: a structured clone drops an Error's own properties.
 */
import type { ConfirmationPolicy } from '../confirmation-plan.ts';
import type { Outcome } from '../signature-row.ts';
import type { Submission } from './batch-writer.ts';

/** How the writer thread opens its connection. */
export interface WriterOptions {
  file: string;
  /** FULL in production; NORMAL only for the test that shows the fsync check catches it. */
  synchronous: 'FULL' | 'NORMAL';
  /** How long a batch waits for another connection's write lock, in the writer thread. */
  lockWaitMs: number;
  /** Confirmation tokens and mails (the secret crosses as bytes). */
  confirmation: (Omit<ConfirmationPolicy, 'secret'> & { secret: Uint8Array }) | undefined;
}

/** A request to the writer thread. */
export type WriterRequest =
  | { id: number; type: 'batch'; batch: Submission[] }
  | { id: number; type: 'probe' }
  | { id: number; type: 'expire'; now: number }
  | { id: number; type: 'pragma'; pragma: string }
  | { id: number; type: 'close' };

/** An error as it crosses threads. */
export interface SentError {
  name: string;
  message: string;
  code: string | undefined;
}

/** The writer thread's answer. */
export type WriterReply =
  | {
      id: number;
      ok: true;
      /** A batch's outcomes (in order), whether it queued webhook events or mails; else a number. */
      outcomes?: (Outcome | SentError)[];
      campaigns?: number[];
      webhooks?: boolean;
      mails?: boolean;
      value?: unknown;
    }
  | { id: number; ok: false; error: SentError };

/** An error made ready to cross. */
export function sendError(error: unknown): SentError {
  const { name, message, code } = error as { name?: string; message?: string; code?: unknown };
  return {
    name: name ?? 'Error',
    message: message ?? String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

/** An error rebuilt on the other side, with its code (what faults.ts looks at). */
export function receiveError(sent: SentError): Error & { code?: string } {
  const error: Error & { code?: string } = new Error(sent.message);
  error.name = sent.name;
  if (sent.code !== undefined) error.code = sent.code;
  return error;
}

/** A sent outcome or error: outcomes have a kind. */
export const isSentError = (value: Outcome | SentError): value is SentError => !('kind' in value);
