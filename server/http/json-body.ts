/**
 * The checks every JSON body passes, public or admin, in this order: the media type (415), the
 * JSON (400), an object at the top (400). The messages are fixed: nothing sent is echoed back.
 */
import type { Context } from 'hono';
import { ProblemError } from './problem.ts';

/** `application/json`, with no charset or UTF-8's. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset=utf-8\s*)?$/i;

/** 415 with `detail` unless the request says it sends JSON. */
export function requireJson(c: Context, detail: string): void {
  if (!JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? ''))
    throw new ProblemError(415, detail);
}

/** The body's text as a JSON object: 400 when it is not JSON, or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'The body is not valid JSON.');
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ProblemError(400, 'The body must be a JSON object.');
  }
  return input as Record<string, unknown>;
}
