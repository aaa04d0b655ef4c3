/**
 * The public API: what the widget and any page on the internet may call.
 *
 * Reads answer any origin and come from memory. Signing checks, in order of cost: the campaign,
 * its status, the client's rate, the content type, the JSON, the fields; then the bot checks decide
 * whether the row is counted or kept flagged, and the group-commit writer stores it.
 */
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { LIMITS, signatureBodySchema } from '../../contract/public.ts';
import type { FieldError, PublicCampaign, SignatureBody } from '../../contract/public.ts';
import type { Campaign } from '../../campaigns/campaign.ts';
import { consentVersion, counterOf, textsFor } from '../../campaigns/campaign.ts';
import { COUNTER_CACHE_CONTROL, counterEtag, etagMatches } from '../counter-fast-path.ts';
import { ProblemError } from '../problem.ts';
import { checkFormToken, issueFormToken, keyedHash, sha256 } from '../../secrets/crypto.ts';
import type { Settings } from '../../runtime/env.ts';
import type { PartnerStorage } from '../../storage/partner-storage.ts';
import type { RateLimiter } from '../rate-limit.ts';
import type { CampaignStorage, SignatureStorage } from '../../storage/storage.ts';
import { clientKey } from '../client-address.ts';
import { fieldErrors } from '../validation.ts';
import { partnerOptIn } from '../../partners/partner-opt-in.ts';
import { interfaceStrings } from '../../i18n/languages.ts';

/** Offline submissions may be sent days later; older form tokens are suspect. */
const FORM_TOKEN_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{8,128}$/;

/** What the public routes need, from either storage engine. */
export interface PublicDeps {
  settings: Settings;
  secret: Buffer;
  campaigns: Pick<CampaignStorage, 'get'>;
  writer: Pick<SignatureStorage, 'submit'>;
  partners: Pick<PartnerStorage, 'get'>;
  signLimiter: Pick<RateLimiter, 'check'>;
}

function campaignOr404(deps: PublicDeps, slug: string): Campaign {
  const campaign = deps.campaigns.get(slug);
  if (!campaign || campaign.status === 'draft') throw new ProblemError(404, 'No such campaign.');
  return campaign;
}

/** May this origin sign? Every origin when the campaign lists none. */
export function originAllowed(campaign: Campaign, origin: string | undefined): boolean {
  if (campaign.allowedOrigins.length === 0) return true;
  return origin !== undefined && campaign.allowedOrigins.includes(origin);
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The `utm_*` parameters of the page the widget was on, as JSON (null when none). */
function utmOf(source: string | undefined): string | null {
  if (!source) return null;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return null;
  }
  const utm: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (/^utm_[a-z]{1,20}$/.test(key) && Object.keys(utm).length < 8)
      utm[key] = value.slice(0, 200);
  }
  return Object.keys(utm).length ? JSON.stringify(utm) : null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'The body is not valid JSON.');
  }
}

const tooLarge = () => {
  throw new ProblemError(413, `The body may be at most ${LIMITS.signatureBody} bytes.`);
};
const countBodyBytes = bodyLimit({ maxSize: LIMITS.signatureBody, onError: tooLarge });

/**
 * The body limit. A body with a Content-Length is judged by the header alone (Node's parser
 * never delivers more), so `c.req.text()` keeps @hono/node-server's direct read; bodyLimit reads
 * `req.raw.body`, which builds a web Request and stream for every signature. A chunked body is
 * counted by bodyLimit as it arrives.
 */
const limitSignatureBody: MiddlewareHandler = async (c, next) => {
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined)
    return countBodyBytes(c, next);
  if (Number(length) > LIMITS.signatureBody) tooLarge();
  await next();
};

/** The public routes, mounted at `/api`. */
export function publicRoutes(deps: PublicDeps) {
  const { settings } = deps;
  const app = new Hono();

  app.get('/campaigns/:slug', async (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    const { lang, texts } = textsFor(campaign, c.req.query('lang'));
    const { strings: own, ...campaignTexts } = texts;
    const body: PublicCampaign = {
      slug: campaign.slug,
      status: campaign.status,
      lang,
      languages: Object.keys(campaign.texts),
      target: campaign.target,
      texts: campaignTexts,
      strings: { ...interfaceStrings(lang), ...own },
      fields: campaign.fields,
      consentVersion: consentVersion(texts, lang),
      formToken: issueFormToken(deps.secret, campaign.id),
      counter: counterOf(campaign),
    };
    // An unknown partner gets no opt-in: the widget draws without one, attribution only.
    const partnerSlug = c.req.query('partner');
    const partner = partnerSlug ? await deps.partners.get(campaign.id, partnerSlug) : undefined;
    if (partner) body.partner = partnerOptIn(partner, lang, campaign.defaultLang);
    // The form token inside is fresh each time: this answer must not be cached.
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  app.get('/campaigns/:slug/counter', (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    // The same answer as serveCounterFast (server/counter.ts), which serves most of these.
    const etag = counterEtag(campaign);
    c.header('ETag', etag);
    c.header('Cache-Control', COUNTER_CACHE_CONTROL);
    if (etagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.json(counterOf(campaign));
  });

  /** Names an allowed origin in Access-Control-Allow-Origin; true when it did. */
  const allowOrigin = (c: Context): boolean => {
    c.header('Vary', 'Origin');
    const campaign = deps.campaigns.get(c.req.param('slug') ?? '');
    const origin = c.req.header('origin');
    if (!campaign || !origin || !originAllowed(campaign, origin)) return false;
    c.header('Access-Control-Allow-Origin', origin);
    return true;
  };

  app.options('/campaigns/:slug/signatures', (c) => {
    if (allowOrigin(c)) {
      c.header('Access-Control-Allow-Methods', 'POST');
      c.header('Access-Control-Allow-Headers', 'Content-Type, Idempotency-Key');
      c.header('Access-Control-Max-Age', '600');
    }
    return c.body(null, 204);
  });

  app.post(
    '/campaigns/:slug/signatures',
    // First, so that every answer an allowed page gets (a 413 too) is readable by it.
    async (c, next) => {
      allowOrigin(c);
      await next();
    },
    limitSignatureBody,
    async (c) => {
      const campaign = campaignOr404(deps, c.req.param('slug'));
      const origin = c.req.header('origin');
      if (!originAllowed(campaign, origin)) {
        throw new ProblemError(403, 'This site may not collect signatures for this campaign.');
      }
      if (campaign.status !== 'open') throw new ProblemError(409, 'This petition is closed.');

      const ipHash = keyedHash(deps.secret, 'ip', clientKey(c, settings.PETITION_TRUST_PROXY));
      let flagged: string | null = null;
      if (settings.PETITION_RATE_LIMIT === 'on') {
        const verdict = deps.signLimiter.check(ipHash);
        if (verdict.kind === 'refuse') {
          throw new ProblemError(429, 'Too many signatures from this network; try again shortly.', {
            headers: { 'Retry-After': String(verdict.retryAfter) },
          });
        }
        if (verdict.kind === 'flag') flagged = verdict.reason;
      }

      const type = c.req.header('content-type') ?? '';
      if (!/^application\/json\s*(;\s*charset=utf-8\s*)?$/i.test(type)) {
        throw new ProblemError(415, 'Send the signature as application/json.');
      }
      const key = c.req.header('idempotency-key');
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new ProblemError(422, 'The Idempotency-Key header is not valid.', {
          errors: [
            {
              field: 'Idempotency-Key',
              code: 'invalid',
              message: 'Use 8 to 128 printable ASCII characters.',
            },
          ],
        });
      }
      const raw = await c.req.text();
      const input = parseJson(raw);
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        throw new ProblemError(400, 'The body must be a JSON object.');
      }
      const parsed = signatureBodySchema.safeParse(input);
      const errors: FieldError[] = parsed.success
        ? []
        : fieldErrors(parsed.error.issues, input as Record<string, unknown>);
      if (parsed.success) {
        for (const field of campaign.fields) {
          if (!parsed.data[field])
            errors.push(...fieldErrors([{ path: [field], code: 'required' }]));
        }
      }
      if (!parsed.success || errors.length) {
        throw new ProblemError(422, 'Some fields need attention.', { errors });
      }
      const body: SignatureBody = parsed.data;

      if (settings.PETITION_BOT_CHECKS === 'on' && !flagged) {
        if (body.website) flagged = 'honeypot';
        else {
          flagged = checkFormToken(deps.secret, body.formToken, campaign.id, {
            minAgeMs: settings.PETITION_MIN_FILL_MS,
            maxAgeMs: FORM_TOKEN_MAX_AGE_MS,
          });
        }
      }

      const partner = body.partner ? await deps.partners.get(campaign.id, body.partner) : undefined;
      if (body.partnerOptIn && !partner) {
        throw new ProblemError(422, 'Some fields need attention.', {
          errors: [
            {
              field: 'partnerOptIn',
              code: 'invalid',
              message: 'No known partner offers this opt-in.',
            },
          ],
        });
      }

      const { lang, texts } = textsFor(campaign, body.lang);
      // The partner's opt-in as this supporter was shown it: the receipt keeps its version.
      const offered = partner ? partnerOptIn(partner, lang, campaign.defaultLang) : null;
      const now = Date.now();
      const outcome = await deps.writer.submit(
        {
          campaignId: campaign.id,
          emailHash: keyedHash(deps.secret, 'email', body.email.toLowerCase()),
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
          ipHash,
          flagged,
          createdAt: now,
        },
        key ? { key, requestHash: sha256(raw) } : null,
      );
      if (outcome.kind === 'key_reused') {
        throw new ProblemError(422, 'This Idempotency-Key was used with a different body.', {
          errors: [
            {
              field: 'Idempotency-Key',
              code: 'invalid',
              message: 'Use a new key for a new submission.',
            },
          ],
        });
      }
      return respondJson(c, outcome.status, outcome.body);
    },
  );

  return app;
}

function respondJson(c: Context, status: number, body: string): Response {
  c.header('Content-Type', 'application/json');
  return c.body(body, status as 200);
}
