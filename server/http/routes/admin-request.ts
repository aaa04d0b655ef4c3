/**
 * Reading admin requests: the bearer key, the JSON body, the query string. Each failure is a
 * problem+json with fixed messages; nothing sent is echoed back.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type * as z from 'zod';
import { ADMIN_RULES } from '../../campaigns/admin-contract.ts';
import { LIMITS } from '../../contract/public.ts';
import type { Actor } from '../../storage/actor.ts';
import type { KeyStorage } from '../../storage/storage.ts';
import { parseJsonObject, requireJson } from '../json-body.ts';
import { ProblemError } from '../problem.ts';
import { FIELD_LABELS, fieldErrors } from '../../contract/field-errors.ts';

/** The Hono environment of admin routes: the authenticated actor. */
export type AdminEnv = { Variables: { actor: Actor } };

/** 401 with the challenge RFC 6750 asks for; `invalid_token` when a key was sent but is wrong. */
function unauthorized(sent: boolean): ProblemError {
  const challenge = sent ? 'Bearer realm="admin", error="invalid_token"' : 'Bearer realm="admin"';
  return new ProblemError(401, 'Send a valid admin key as Authorization: Bearer <key>.', {
    headers: { 'WWW-Authenticate': challenge },
  });
}

/**
 * Lets a request through only with a valid, unrevoked key in the Authorization header. Never from
 * the query string: URLs end up in logs, histories and Referer headers.
 */
export function requireAdmin(
  keys: Pick<KeyStorage, 'verify'>,
  adminToken: string | undefined,
): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const match = header ? /^Bearer +([\x21-\x7e]{1,512})$/i.exec(header) : null;
    const actor = match ? await keys.verify(match[1], adminToken) : null;
    if (!actor) throw unauthorized(header !== undefined);
    c.set('actor', actor);
    // Admin answers hold personal data: no cache may keep them. Set before the handler runs, so
    // the answer is built with it rather than rebuilt around a stream afterwards.
    c.header('Cache-Control', 'no-store');
    await next();
  };
}

/** 413 past LIMITS.adminBody, judged before the body is read whole. */
export const adminBodyLimit = bodyLimit({
  maxSize: LIMITS.adminBody,
  onError: () => {
    throw new ProblemError(413, `The body may be at most ${LIMITS.adminBody} bytes.`);
  },
});

function invalid(issues: readonly z.core.$ZodIssue[], input: Record<string, unknown>) {
  const errors = fieldErrors(issues, input, { labels: FIELD_LABELS, rules: ADMIN_RULES });
  return new ProblemError(422, 'Some fields need attention.', { errors });
}

/** The JSON body, validated: 415 not JSON, 400 malformed or not an object, 422 per field. */
export async function jsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  requireJson(c, 'Send application/json.');
  const input = parseJsonObject(await c.req.text());
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues, input);
  return parsed.data;
}

/** The query string, validated: 422 per parameter. */
export function queryOf<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const input = c.req.query();
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues, input);
  return parsed.data;
}

/** A numeric path id, or 404 (a malformed id names no resource). */
export function idParam(value: string): number {
  if (!/^[1-9]\d{0,14}$/.test(value)) throw new ProblemError(404, 'No such resource.');
  return Number(value);
}
