/**
 * Turns validator issues into per-field errors with fixed messages.
 *
 * A validator's own messages may quote the input; ours never do. Unknown paths collapse to
 * `body`, so not even a hostile key name is echoed.
 */
import type { FieldError, FieldErrorCode } from './contract.ts';
import { LIMITS } from './contract.ts';

const LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  city: 'City',
  postalCode: 'Postal code',
  country: 'Country',
  optIn: 'Opt-in',
  formToken: 'Form token',
  website: 'Website',
  lang: 'Language',
  partner: 'Partner',
  source: 'Source',
  referrer: 'Referrer',
};

/** The least a validator issue must carry. */
export interface IssueLike {
  path: PropertyKey[];
  code: string;
}

function codeOf(issue: IssueLike, missing: boolean): FieldErrorCode {
  // zod's `too_small` on our strings can only mean empty (after trimming): the minimum is 1.
  if (missing || issue.code === 'required' || issue.code === 'too_small') return 'required';
  if (issue.code === 'too_big') return 'too_long';
  return 'invalid';
}

function messageOf(field: string, code: FieldErrorCode, labels: Record<string, string>): string {
  const label = labels[field] ?? 'This field';
  if (code === 'required') return `${label} is required.`;
  if (code === 'too_long') {
    const max = (LIMITS as Record<string, number>)[field];
    return max ? `${label} is too long (at most ${max} characters).` : `${label} is too long.`;
  }
  return `${label} is not valid.`;
}

/** Per-field errors, one per field, in the order reported; `input` tells a missing field. */
export function fieldErrors(
  issues: readonly IssueLike[],
  input: Record<string, unknown> = {},
  labels: Record<string, string> = LABELS,
): FieldError[] {
  const seen = new Map<string, FieldError>();
  for (const issue of issues) {
    const head = issue.path[0];
    const field = typeof head === 'string' && head in labels ? head : 'body';
    if (seen.has(field)) continue;
    const code = codeOf(issue, field !== 'body' && (input[field] === undefined || input[field] === null));
    seen.set(field, { field, code, message: messageOf(field, code, labels) });
  }
  return [...seen.values()];
}
