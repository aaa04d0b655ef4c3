/**
 * Turns validator issues into per-field errors with fixed messages.
 *
 * A validator's own messages may quote the input; ours never do. Unknown paths collapse to
 * `body`, so not even a hostile key name is echoed.
 */
import type { FieldError, FieldErrorCode } from './public.ts';
import { LIMITS } from './public.ts';

/**
 * The English name of every field a request body or query may hold, public and admin: a field
 * named here is named in its error; any other path is `body`, so no hostile key is echoed.
 */
export const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  city: 'City',
  postalCode: 'Postal code',
  country: 'Country',
  optIn: 'Opt-in',
  partnerOptIn: 'Partner opt-in',
  formToken: 'Form token',
  website: 'Website',
  lang: 'Language',
  partner: 'Partner',
  source: 'Source',
  referrer: 'Referrer',
  slug: 'Slug',
  target: 'Target',
  defaultLang: 'Default language',
  texts: 'Texts',
  status: 'Status',
  fields: 'Fields',
  allowedOrigins: 'Allowed origins',
  offset: 'Offset',
  offsetReason: 'Offset reason',
  goal: 'Goal',
  goalMode: 'Goal mode',
  goalSteps: 'Goal steps',
  label: 'Label',
  limit: 'Limit',
  cursor: 'Cursor',
  from: 'From',
  to: 'To',
  flagged: 'Flagged',
  pending: 'Pending',
  reviewed: 'Reviewed',
  verification: 'Verification',
  senderName: 'Sender name',
  retainDays: 'Retention',
  id: 'Id',
  reason: 'Reason',
  flag: 'Flag',
  name: 'Name',
  privacyUrl: 'Privacy URL',
  optInText: 'Opt-in text',
  campaign: 'Campaign',
  url: 'URL',
  events: 'Events',
};

/**
 * What a signature's fields may hold, said when one is refused as invalid: the rule, never the
 * value. (The widget says it in the supporter's language; these are for API clients.)
 */
export const SIGNATURE_RULES: Record<string, string> = {
  email:
    'Email must be an address like name@example.org, with no invisible characters, and no ' +
    'letters of two alphabets mixed in one part (a Cyrillic or Greek look-alike among Latin ones).',
  firstName:
    'First name may not hold control characters or invisible ones such as direction marks.',
  lastName: 'Last name may not hold control characters or invisible ones such as direction marks.',
  city: 'City may not hold control characters or invisible ones such as direction marks.',
};

/** The least a validator issue must carry; the bounds and choices name the rule broken. */
export interface IssueLike {
  path: PropertyKey[];
  code: string;
  /** What was measured: `string`, `number`, `array`... */
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  /** The allowed values of an enum: ours, never the input. */
  values?: readonly unknown[];
}

/**
 * Field labels, and for fields with a format, the sentence that says what the field may hold; or,
 * for a nested field (a campaign's texts), a function that names the part of it that is wrong.
 */
export interface FieldWords {
  labels: Record<string, string>;
  rules?: Record<string, string | ((issue: IssueLike) => string)>;
}

const isNumber = (issue: IssueLike) => issue.origin === 'number' || issue.origin === 'int';

function codeOf(issue: IssueLike, missing: boolean): FieldErrorCode {
  if (missing || issue.code === 'required') return 'required';
  // zod's `too_small` on our strings can only mean empty (after trimming): the minimum is 1.
  if (issue.code === 'too_small' && !isNumber(issue) && issue.origin !== 'array') return 'required';
  if (issue.code === 'too_big' && !isNumber(issue)) return 'too_long';
  return 'invalid';
}

function messageOf(
  field: string,
  code: FieldErrorCode,
  issue: IssueLike,
  words: FieldWords,
): string {
  const label = words.labels[field] ?? 'This field';
  if (code === 'required') return `${label} is required.`;
  if (code === 'too_long') {
    const max = (LIMITS as Record<string, number>)[field] ?? issue.maximum;
    const unit = issue.origin === 'array' ? 'items' : 'characters';
    return max ? `${label} is too long (at most ${max} ${unit}).` : `${label} is too long.`;
  }
  const rule = words.rules?.[field];
  if (typeof rule === 'string') return rule;
  if (issue.code === 'too_big' && issue.maximum !== undefined)
    return `${label} is at most ${issue.maximum}.`;
  if (issue.code === 'too_small' && issue.minimum !== undefined) {
    return `${label} is at least ${issue.minimum}.`;
  }
  if (issue.code === 'invalid_value' && issue.values?.length) {
    return `${label} is one of: ${issue.values.join(', ')}.`;
  }
  return `${label} is not valid.`;
}

/** Per-field errors, one per field, in the order reported; `input` tells a missing field. */
export function fieldErrors(
  issues: readonly IssueLike[],
  input: Record<string, unknown> = {},
  words: FieldWords = { labels: FIELD_LABELS },
): FieldError[] {
  const { labels } = words;
  const seen = new Map<string, FieldError>();
  for (const issue of issues) {
    const head = issue.path[0];
    const field = typeof head === 'string' && head in labels ? head : 'body';
    if (seen.has(field)) continue;
    const missing = field !== 'body' && (input[field] === undefined || input[field] === null);
    const code = codeOf(issue, missing);
    const rule = words.rules?.[field];
    // A nested field says which part is wrong, whatever the issue (a missing part is not a
    // missing field).
    const message =
      typeof rule === 'function' && !missing ? rule(issue) : messageOf(field, code, issue, words);
    seen.set(field, { field, code, message });
  }
  return [...seen.values()];
}
