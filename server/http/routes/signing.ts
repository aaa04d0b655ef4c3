/**
 * Signing (POST /api/campaigns/{slug}/signatures) as named steps, in order of cost: the campaign
 * and the page's origin, the client's rate, the media type and the idempotency key, the JSON and
 * its fields; then the bot checks decide whether the row is counted or kept flagged (a flagged
 * signer gets a person's answer, so a bot learns nothing), the row is built and the group-commit
 * writer stores it; the answer is the writer's, sent once the row is durable.
 */
import type { Context } from 'hono';
import type { Campaign } from '../../campaigns/campaign.ts';
import { consentVersion, textsFor } from '../../campaigns/campaign.ts';
import type { FieldError, OptionalField, SignatureBody } from '../../contract/public.ts';
import { signatureBodySchema } from '../../contract/public.ts';
import type { Partner } from '../../partners/partner-opt-in.ts';
import { partnerOptIn } from '../../partners/partner-opt-in.ts';
import type { Settings } from '../../config/settings.ts';
import { checkFormToken, keyedHash, sha256 } from '../../secrets/crypto.ts';
import { emailHash } from '../../secrets/email-hash.ts';
import type { Outcome, SignatureRow } from '../../storage/signature-row.ts';
import { originOf, utmOf } from '../attribution.ts';
import { clientKey } from '../client-address.ts';
import { parseJsonObject, requireJson } from '../json-body.ts';
import { ProblemError } from '../problem.ts';
import type { RateLimiter } from '../rate-limit.ts';
import { FIELD_LABELS, fieldErrors, SIGNATURE_RULES } from '../../contract/field-errors.ts';
import type { PublicDeps } from './public-deps.ts';
import { campaignOr404, originAllowed } from './public-deps.ts';

/** Offline submissions may be sent days later; older form tokens are suspect. */
const FORM_TOKEN_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

const invalidKey = (message: string): FieldError[] => [
  { field: 'Idempotency-Key', code: 'invalid', message },
];

/**
 * The Origin of the page that sends the signature when it is another site's; undefined when it
 * is one of this server's own pages (the frame page of frame mode, the demo page), which the
 * campaign's allowed origins need not list: the frame page can only be shown by those origins.
 * The browser sets both headers; a page cannot forge them. Sec-Fetch-Site says it where the
 * browser sends it; else the Origin is compared with the Host the request was sent to.
 */
export function foreignOrigin(c: Context): string | undefined {
  const origin = c.req.header('origin');
  if (c.req.header('sec-fetch-site') === 'same-origin') return undefined;
  const host = c.req.header('host');
  try {
    if (origin && host && new URL(origin).host === host) return undefined;
  } catch {
    // Not a URL (say, `null` from a sandboxed page): another site's.
  }
  return origin;
}

/** The campaign to sign: 404 unknown, 403 from a page it does not allow, 409 not open. */
export function campaignToSign(
  deps: Pick<PublicDeps, 'campaigns'>,
  slug: string,
  origin: string | undefined,
  ownPage = false,
): Campaign {
  const campaign = campaignOr404(deps, slug);
  if (!ownPage && !originAllowed(campaign, origin)) {
    throw new ProblemError(403, 'This site may not collect signatures for this campaign.');
  }
  if (campaign.status !== 'open') throw new ProblemError(409, 'This petition is closed.');
  return campaign;
}

/** What the client's rate earns: 429 when refused, else the flag's reason or null. */
export function rateFlag(limiter: Pick<RateLimiter, 'check'>, ipHash: string): string | null {
  const verdict = limiter.check(ipHash);
  if (verdict.kind === 'refuse') {
    throw new ProblemError(429, 'Too many signatures from this network; try again shortly.', {
      headers: { 'Retry-After': String(verdict.retryAfter) },
    });
  }
  return verdict.kind === 'flag' ? verdict.reason : null;
}

/** The Idempotency-Key header, when sent: 422 when it is not 8 to 128 printable characters. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header)) {
    throw new ProblemError(422, 'The Idempotency-Key header is not valid.', {
      errors: invalidKey('Use 8 to 128 printable ASCII characters.'),
    });
  }
  return header;
}

/** The body's fields, checked (with those the campaign asks for): 422 names each one wrong. */
export function checkSignature(
  input: Record<string, unknown>,
  fields: readonly OptionalField[],
): SignatureBody {
  const parsed = signatureBodySchema.safeParse(input);
  if (!parsed.success) {
    throw new ProblemError(422, 'Some fields need attention.', {
      errors: fieldErrors(parsed.error.issues, input, {
        labels: FIELD_LABELS,
        rules: SIGNATURE_RULES,
      }),
    });
  }
  const missing = fields.filter((field) => !parsed.data[field]);
  if (missing.length) {
    const errors = fieldErrors(missing.map((field) => ({ path: [field], code: 'required' })));
    throw new ProblemError(422, 'Some fields need attention.', { errors });
  }
  return parsed.data;
}

/** What the bot checks make of a body: the honeypot filled, or the form token's verdict. */
export function botFlag(
  settings: Pick<Settings, 'PETITION_MIN_FILL_MS'>,
  secret: Buffer,
  body: SignatureBody,
  campaignId: number,
): string | null {
  if (body.website) return 'honeypot';
  return checkFormToken(secret, body.formToken, campaignId, {
    minAgeMs: settings.PETITION_MIN_FILL_MS,
    maxAgeMs: FORM_TOKEN_MAX_AGE_MS,
  });
}

/** The partner the body names, when the campaign knows it: 422 for an opt-in to an unknown one. */
export async function partnerOf(
  partners: PublicDeps['partners'],
  campaign: Campaign,
  body: SignatureBody,
): Promise<Partner | undefined> {
  const partner = body.partner ? await partners.get(campaign.id, body.partner) : undefined;
  if (body.partnerOptIn && !partner) {
    throw new ProblemError(422, 'Some fields need attention.', {
      errors: [
        { field: 'partnerOptIn', code: 'invalid', message: 'No known partner offers this opt-in.' },
      ],
    });
  }
  return partner;
}

/** Everything the row is made of, checked. */
export interface Signing {
  campaign: Campaign;
  body: SignatureBody;
  partner: Partner | undefined;
  /** The page's Origin header; undefined from our own pages (the body's source says which page). */
  origin: string | undefined;
  ipHash: string;
  flagged: string | null;
  secret: Buffer;
  now: number;
}

/** The row to write: the person, the consent receipts as shown, the attribution. */
export function signatureRow(signing: Signing): SignatureRow {
  const { campaign, body, partner, origin, secret } = signing;
  const { lang, texts } = textsFor(campaign, body.lang);
  // The partner's opt-in as this supporter was shown it: the receipt keeps its version.
  const offered = partner ? partnerOptIn(partner, lang, campaign.defaultLang) : null;
  return {
    campaignId: campaign.id,
    emailHash: emailHash(secret, body.email),
    firstName: body.firstName,
    lastName: body.lastName,
    email: body.email,
    city: body.city,
    postalCode: body.postalCode || null,
    country: body.country || null,
    optIn: body.optIn ? 1 : 0,
    lang,
    consentHash: consentVersion(texts, lang),
    partner: body.partner || null,
    partnerOptIn: offered && body.partnerOptIn ? 1 : 0,
    partnerConsentHash: offered?.version ?? null,
    partnerConsentLang: offered?.lang ?? null,
    origin: originOf(origin) ?? originOf(body.source),
    referrer: originOf(body.referrer),
    utm: utmOf(body.source),
    ipHash: signing.ipHash,
    flagged: signing.flagged,
    createdAt: signing.now,
    // Counted only once the supporter follows the mailed link (see storage/confirmation-plan.ts).
    pending: campaign.verification === 'email' ? 1 : 0,
    confirmedAt: null,
    showInRecent: body.showInRecent ? 1 : 0,
  };
}

/** The writer's answer as it is (a replay too); 422 when the key came with another body. */
export function answer(c: Context, outcome: Outcome): Response {
  if (outcome.kind === 'key_reused') {
    throw new ProblemError(422, 'This Idempotency-Key was used with a different body.', {
      errors: invalidKey('Use a new key for a new submission.'),
    });
  }
  c.header('Content-Type', 'application/json');
  return c.body(outcome.body, outcome.status as 200);
}

/** The handler: the steps above, in order. */
export function signHandler(deps: PublicDeps) {
  const { settings, secret } = deps;
  return async (c: Context): Promise<Response> => {
    const origin = foreignOrigin(c);
    const ownPage = origin === undefined && c.req.header('origin') !== undefined;
    const campaign = campaignToSign(deps, c.req.param('slug') ?? '', origin, ownPage);
    const ipHash = keyedHash(secret, 'ip', clientKey(c, settings.PETITION_TRUST_PROXY));
    const rated = settings.PETITION_RATE_LIMIT === 'on' ? rateFlag(deps.signLimiter, ipHash) : null;
    requireJson(c, 'Send the signature as application/json.');
    const key = idempotencyKeyOf(c.req.header('idempotency-key'));
    const raw = await c.req.text();
    const body = checkSignature(parseJsonObject(raw), campaign.fields);
    const botChecked = settings.PETITION_BOT_CHECKS === 'on';
    const flagged = rated ?? (botChecked ? botFlag(settings, secret, body, campaign.id) : null);
    const partner = await partnerOf(deps.partners, campaign, body);
    const row = signatureRow({
      campaign,
      body,
      partner,
      origin,
      ipHash,
      flagged,
      secret,
      now: Date.now(),
    });
    const outcome = await deps.writer.submit(row, key ? { key, requestHash: sha256(raw) } : null);
    return answer(c, outcome);
  };
}
