/**
 * The public counter read, also served straight from Node's http layer.
 *
 * On a viral day most requests are people refreshing the count (the UK Parliament petitions site
 * fell over to exactly that in 2019). The answer comes from memory and is a few dozen bytes, so
 * what costs is the framework around it: a web Request, the router, two middlewares and a web
 * Headers object. `serveCounterFast` answers a plain `GET /api/campaigns/{slug}/counter` for a
 * campaign it knows before any of that is built; everything else (other methods, unknown or
 * encoded slugs) falls through to the Hono app, which answers the same route the same way.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Campaign } from '../campaigns/campaign.ts';
import { counterOf } from '../campaigns/campaign.ts';
import { goalAt } from '../campaigns/goal.ts';
import { logTime } from './log-lines.ts';

/** Headers on every response (the app's middleware sets the same). */
export const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
} as const;

/** The Content-Security-Policy of API answers: they are data, never a page. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Short: a CDN absorbs a viral day's refreshes, and the count is at most seconds behind. */
export const COUNTER_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

/**
 * The counter's ETag: changes whenever the count, the offset, the goal that applies or the goal's
 * mode does (an `auto` goal moves with the total, and the answer says which mode).
 */
export function counterEtag(campaign: Campaign): string {
  const { signatures, offset } = campaign;
  const goal = goalAt(campaign, signatures + offset);
  return `"${signatures.toString(36)}-${offset.toString(36)}-${goal ?? ''}${campaign.goalMode[0]}"`;
}

/** Does an If-None-Match header name this ETag (weak or strong, in a list)? */
export function etagMatches(header: string | undefined, etag: string): boolean {
  return !!header && header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

const COUNTER_PATH = /^\/api\/campaigns\/([a-z0-9-]{1,100})\/counter(?:\?|$)/;

/** What the fast path needs: the campaigns in memory and the request log. */
export interface CounterSource {
  get: (slug: string) => Campaign | undefined;
}

/** A counter's answer, made once for each state of the count (see answerOf). */
interface Answer {
  signatures: number;
  offset: number;
  goal: Campaign['goal'];
  goalMode: Campaign['goalMode'];
  goalSteps: Campaign['goalSteps'];
  etag: string;
  /** The 200's headers and body, and the 304's headers. */
  ok: Record<string, string | number>;
  body: string;
  notModified: Record<string, string>;
}

/** Kept beside each campaign object; a new object (an edited campaign) gets its own. */
const answers = new WeakMap<Campaign, Answer>();

/**
 * The answer for the campaign's count as it is now: a viral day reads one count many times
 * between two signatures, so its ETag, JSON and headers are made when it changes, not per read.
 */
function answerOf(campaign: Campaign): Answer {
  const kept = answers.get(campaign);
  if (
    kept &&
    kept.signatures === campaign.signatures &&
    kept.offset === campaign.offset &&
    kept.goal === campaign.goal &&
    kept.goalMode === campaign.goalMode &&
    kept.goalSteps === campaign.goalSteps
  )
    return kept;
  const etag = counterEtag(campaign);
  const body = JSON.stringify(counterOf(campaign));
  const notModified = {
    ...SECURITY_HEADERS,
    'Content-Security-Policy': API_CSP,
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': 'ETag',
    'Cache-Control': COUNTER_CACHE_CONTROL,
    ETag: etag,
  };
  const answer: Answer = {
    signatures: campaign.signatures,
    offset: campaign.offset,
    goal: campaign.goal,
    goalMode: campaign.goalMode,
    goalSteps: campaign.goalSteps,
    etag,
    ok: {
      ...notModified,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    },
    body,
    notModified,
  };
  answers.set(campaign, answer);
  return answer;
}

/** Answers a counter read from Node directly; false when the request is not one it serves. */
export function serveCounterFast(
  campaigns: CounterSource,
  log: (line: Record<string, unknown>) => void,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  if (request.method !== 'GET') return false;
  const match = COUNTER_PATH.exec(request.url ?? '');
  const campaign = match && campaigns.get(match[1]);
  if (!campaign || campaign.status === 'draft') return false;
  const start = performance.now();
  const answer = answerOf(campaign);
  let status = 304;
  if (etagMatches(request.headers['if-none-match'], answer.etag)) {
    response.writeHead(304, answer.notModified).end();
  } else {
    status = 200;
    response.writeHead(200, answer.ok).end(answer.body);
  }
  log({
    time: logTime(),
    method: 'GET',
    route: '/api/campaigns/:slug/counter',
    status,
    ms: Math.round((performance.now() - start) * 100) / 100,
  });
  return true;
}
