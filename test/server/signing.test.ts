/**
 * The signing steps one by one, without a server (the route runs them in order: public.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SignatureBody } from '../../server/contract/public.ts';
import { ProblemError } from '../../server/http/problem.ts';
import {
  botFlag,
  checkSignature,
  idempotencyKeyOf,
  rateFlag,
  signatureRow,
} from '../../server/http/routes/signing.ts';
import { issueFormToken } from '../../server/secrets/crypto.ts';
import { memoryCampaign } from './campaign-fixture.ts';

const secret = Buffer.alloc(32, 7);
const campaign = memoryCampaign({ id: 3, fields: ['postalCode'] });
const input = { firstName: 'Ada', lastName: 'L', email: 'Ada@Example.ORG', city: 'C', optIn: true };

/** The ProblemError a step throws: its status and per-field errors. */
function problem(step: () => unknown): ProblemError {
  try {
    step();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  assert.fail('no problem thrown');
}

describe('signing steps', () => {
  it('checks the fields, with those the campaign asks for', () => {
    const missing = problem(() => checkSignature(input, campaign.fields));
    assert.equal(missing.status, 422);
    assert.deepEqual(
      missing.errors?.map((error) => [error.field, error.code]),
      [['postalCode', 'required']],
    );
    const body = checkSignature({ ...input, postalCode: ' 1000 ' }, campaign.fields);
    assert.equal(body.email, 'Ada@example.org', 'the domain lower-cased');
    assert.equal(body.postalCode, '1000');
    assert.equal(
      problem(() => checkSignature({ ...input, email: 'x' }, [])).errors?.[0].field,
      'email',
    );
  });

  it('takes an idempotency key of 8 to 128 printable characters, or none', () => {
    assert.equal(idempotencyKeyOf(undefined), undefined);
    assert.equal(idempotencyKeyOf('abcdefgh'), 'abcdefgh');
    assert.equal(problem(() => idempotencyKeyOf('short')).status, 422);
  });

  it('refuses a client over the hard limit with Retry-After, and passes on a flag', () => {
    const refused = problem(() =>
      rateFlag({ check: () => ({ kind: 'refuse', retryAfter: 9 }) }, 'ip'),
    );
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['Retry-After'], '9');
    assert.equal(
      rateFlag({ check: () => ({ kind: 'flag', reason: 'rate_burst' }) }, 'ip'),
      'rate_burst',
    );
    assert.equal(rateFlag({ check: () => ({ kind: 'ok' }) }, 'ip'), null);
  });

  it('flags a filled honeypot, a missing or young token; passes a good one', () => {
    const settings = { PETITION_MIN_FILL_MS: 2000 };
    const body = (extra: Partial<SignatureBody>) => ({ ...checkSignature(input, []), ...extra });
    const old = issueFormToken(secret, campaign.id, Date.now() - 60_000);
    assert.equal(botFlag(settings, secret, body({ website: 'x', formToken: old }), 3), 'honeypot');
    assert.equal(botFlag(settings, secret, body({}), 3), 'token_missing');
    const young = issueFormToken(secret, campaign.id);
    assert.equal(botFlag(settings, secret, body({ formToken: young }), 3), 'too_fast');
    assert.equal(botFlag(settings, secret, body({ formToken: old }), 3), null);
  });

  it('builds the row: receipts as shown, attribution by origin only', () => {
    const body = checkSignature(
      {
        ...input,
        postalCode: '1000',
        source: 'https://page.example/path?utm_source=mail&x=1',
        referrer: 'https://news.example/story/42',
      },
      campaign.fields,
    );
    const row = signatureRow({
      campaign,
      body,
      partner: undefined,
      origin: undefined,
      ipHash: 'ip',
      flagged: null,
      secret,
      now: 5,
    });
    assert.equal(row.origin, 'https://page.example', 'from the page when no Origin header');
    assert.equal(row.referrer, 'https://news.example');
    assert.equal(row.utm, '{"utm_source":"mail"}');
    assert.equal(row.country, null);
    assert.equal(row.optIn, 1);
    assert.equal(row.lang, 'en');
    assert.match(row.consentHash, /^[0-9a-f]{16}$/);
    assert.deepEqual(
      [row.partnerOptIn, row.partnerConsentHash, row.partnerConsentLang],
      [0, null, null],
    );
    assert.equal(row.createdAt, 5);
    const fromHeader = signatureRow({
      campaign,
      body,
      partner: undefined,
      origin: 'https://host.example',
      ipHash: 'ip',
      flagged: 'too_fast',
      secret,
      now: 5,
    });
    assert.equal(fromHeader.origin, 'https://host.example');
    assert.equal(fromHeader.flagged, 'too_fast');
  });
});
