/**
 * What an OpenAPI operation is made of here, and the pieces operations share. The operations
 * themselves are in public.ts, admin.ts (with flags.ts), partners.ts and webhooks.ts; the OpenAPI test
 * compares them with `app.routes`, so a route added without its entry fails the build.
 */
import type * as z from 'zod';

/** One operation. Admin ones get the bearer scheme and a 401 without saying so. */
export interface Operation {
  id: string;
  method: 'get' | 'post' | 'patch' | 'delete' | 'options';
  path: string;
  summary: string;
  description?: string;
  admin?: boolean;
  query?: z.ZodObject;
  headers?: { name: string; description: string }[];
  body?: z.ZodType;
  responses: Record<number, { description: string; schema?: z.ZodType; type?: string }>;
  errors?: Record<number, string>;
}

export const CAMPAIGN = '/api/admin/campaigns/{slug}';
export const UNKNOWN = { 404: 'No such campaign.' };
export const BODY_ERRORS = {
  400: 'Malformed JSON, or not a JSON object.',
  413: 'Body over 256 KB.',
  415: 'Not application/json.',
  422: 'Per-field errors (values never echoed).',
};

/** A 2xx answer with a JSON schema, or with a content type only. */
export const answer = (description: string, schema?: z.ZodType, type?: string) => ({
  description,
  schema,
  type,
});

/** An admin operation: the bearer scheme and the 401 come with it. */
export const adminOperation = (
  id: string,
  method: Operation['method'],
  path: string,
  summary: string,
  more: Partial<Operation>,
): Operation => ({ id, method, path, summary, admin: true, responses: {}, ...more });
