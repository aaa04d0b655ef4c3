/**
 * Fetch wrappers for the public API. Each takes an AbortSignal; failures are typed so callers can
 * tell a network failure (retry) from an answer the server gave (show it).
 */
import type { Counter, Problem, SignResult } from '../server/contract/public.ts';
import type { CampaignAnswer } from '../server/i18n/interface-strings.ts';

/** The server answered with an error status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly retryAfter: number,
  ) {
    super(problem?.title ?? `HTTP ${status}`);
  }
}

async function failure(response: Response): Promise<HttpError> {
  const problem = (await response.json().catch(() => null)) as Problem | null;
  return new HttpError(response.status, problem, Number(response.headers.get('retry-after')) || 0);
}

const path = (api: string, slug: string, rest = '') =>
  `${api}/api/campaigns/${encodeURIComponent(slug)}${rest}`;

/** Everything the widget needs, in one request (a known partner's opt-in included). */
export async function fetchCampaign(
  api: string,
  slug: string,
  lang: string,
  partner: string,
  signal?: AbortSignal,
): Promise<CampaignAnswer> {
  const query = `?lang=${lang}` + (partner ? `&partner=${encodeURIComponent(partner)}` : '');
  const response = await fetch(path(api, slug, query), { signal });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** The counter, conditionally: `null` when it has not changed since `etag`. */
export async function fetchCounter(
  api: string,
  slug: string,
  etag: string | null,
  signal?: AbortSignal,
): Promise<{ counter: Counter; etag: string | null } | null> {
  const response = await fetch(path(api, slug, '/counter'), {
    signal,
    headers: etag ? { 'If-None-Match': etag } : {},
  });
  if (response.status === 304) return null;
  if (!response.ok) throw await failure(response);
  return { counter: await response.json(), etag: response.headers.get('etag') };
}

/** Posts a signature (a JSON string, sent byte for byte the same on every retry). */
export async function postSignature(
  api: string,
  slug: string,
  body: string,
  idempotencyKey: string,
  signal?: AbortSignal,
): Promise<SignResult> {
  const response = await fetch(path(api, slug, '/signatures'), {
    method: 'POST',
    signal,
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
    body,
    keepalive: true,
  });
  if (!response.ok) throw await failure(response);
  return response.json();
}

/** Asks for the confirmation mail again; the server answers alike whatever the address. */
export async function postResend(api: string, slug: string, email: string, lang: string) {
  const response = await fetch(path(api, slug, '/signatures/resend'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, lang }),
  });
  if (!response.ok) throw await failure(response);
}

/** A random key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
