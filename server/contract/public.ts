/**
 * The wire contract between the widget, the server and API clients.
 *
 * The limits and patterns at the top are plain constants: the widget imports them (and only
 * them) so its `maxlength` and client-side checks are the very rules the server enforces, without
 * bundling zod. The zod schemas below build on the same constants and are server-only; they are
 * marked pure so a bundler drops them when only the constants are used.
 */
import * as z from 'zod';
import { emailLookAlike, normaliseEmail } from './email.ts';

/** Maximum lengths, in characters, of the fields a supporter types (what the widget needs). */
export const FIELD_LIMITS = {
  firstName: 100,
  lastName: 100,
  email: 254,
  city: 100,
  postalCode: 20,
  country: 60,
} as const;

/** Maximum lengths, in characters, of what a supporter may send. */
export const LIMITS = {
  ...FIELD_LIMITS,
  partner: 64,
  source: 500,
  formToken: 200,
  idempotencyKey: 128,
  /** Whole JSON body of a signature, in bytes. */
  signatureBody: 8 * 1024,
  /** Whole JSON body of an admin request, in bytes. */
  adminBody: 256 * 1024,
} as const;

/**
 * A language tag (`fr`, `pt-BR`). The languages themselves are files on the server
 * (server/i18n/): the widget knows none of them.
 */
export type Language = string;

/**
 * A string with a form for each plural category the language has (`Intl.PluralRules`), and
 * optionally one for exactly zero (ICU's `=0`), which wins over the category: Brazilian
 * Portuguese files 0 under "one", and "0 pessoa" is not how Brazil writes it.
 */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule | '=0', string>> & { other: string };

/**
 * The interface texts of one language as the wire carries them: by key, a string or a plural's
 * forms. Their keys are English's (server/i18n/en.json; typed in server/i18n/interface-strings.ts).
 */
export type InterfaceTexts = Record<string, string | PluralForms>;

/** A language tag's syntax (BCP 47, loosely). */
export const LANGUAGE_TAG = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/**
 * A campaign's statuses: a draft is not public yet, an open one takes signatures, a closed one
 * shows its count and takes none.
 */
export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * How a campaign checks its signatures: `email` stores each as pending until the supporter follows
 * the link mailed to them, and counts only those confirmed; `none` counts them at once.
 */
export const VERIFICATIONS = ['none', 'email'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

/**
 * How a campaign's goal is set: `fixed` by an admin (or none), or `auto`: the next step above the
 * total (server/campaigns/goal.ts), so the bar is never full.
 */
export const GOAL_MODES = ['fixed', 'auto'] as const;
export type GoalMode = (typeof GOAL_MODES)[number];

/** Optional fields a campaign may ask for, besides the four that are always delivered. */
export const OPTIONAL_FIELDS = ['postalCode', 'country'] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

/** The four fields every campaign asks for: what goes to the target, and the email. */
export const REQUIRED_FIELDS = ['firstName', 'lastName', 'email', 'city'] as const;

/** A field a supporter types. */
export type FieldName = (typeof REQUIRED_FIELDS)[number] | OptionalField;

/**
 * Pragmatic email syntax: a local part, an @, a dotted domain with a letter TLD. No invisible
 * character anywhere (format characters and other default-ignorables): `ann\u200b@` is `ann@`
 * to the eye and was counted as someone else (the server's other look-alike rules: email.ts).
 */
export const EMAIL_PATTERN =
  /^[^\s@"<>()[\]\\,;:\p{Cf}\p{DI}]{1,64}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;

/**
 * What a name or city may not hold: control characters, lone surrogates, private-use and
 * unassigned code points, line separators, the Hangul fillers (letters that draw nothing), and
 * format characters (\p{Cf}: bidi marks and overrides, zero-width spaces, soft hyphens, tags),
 * which show nothing and make one name look like another, or a list read backwards.
 *
 * Except where a real name needs one: a zero-width non-joiner or joiner (U+200C, U+200D) right
 * after a letter or mark of a script that spells with them, as Persian does (`علی‌رضا`), and the
 * Brahmic scripts after a virama (Devanagari `क्‍ष`, Malayalam's chillu `ന്‍`, Sinhala `ශ්‍රී`),
 * and Mongolian's vowel separator (U+180E) likewise. Refusing them would refuse real people; after
 * a Latin letter, at the start or after another joiner they only hide, and are refused.
 */
export const FORBIDDEN_TEXT =
  /[\p{Cc}\p{Cs}\p{Co}\p{Cn}\u2028\u2029\u115F\u1160\u3164\uFFA0]|(?!\u200C|\u200D|\u180E)\p{Cf}|(?:^|[^\p{scx=Arab}\p{scx=Syrc}\p{scx=Nkoo}\p{scx=Mong}\p{scx=Deva}\p{scx=Beng}\p{scx=Guru}\p{scx=Gujr}\p{scx=Orya}\p{scx=Taml}\p{scx=Telu}\p{scx=Knda}\p{scx=Mlym}\p{scx=Sinh}\p{scx=Tibt}\p{scx=Mymr}\p{scx=Khmr}])(?:\u200C|\u200D|\u180E)/u;

/** The error codes a per-field error may carry. */
export type FieldErrorCode = 'required' | 'too_long' | 'invalid';

/** One per-field error: never carries the submitted value. */
export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
}

/** An `application/problem+json` body (RFC 9457). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

/** The public counter of a campaign: `total = signatures + offset`. */
export interface Counter {
  signatures: number;
  offset: number;
  total: number;
  /** The goal that applies now: the fixed one, or in `auto` mode the next step above the total. */
  goal: number | null;
  goalMode: GoalMode;
}

/** The texts of a campaign in one language. */
export interface CampaignTexts {
  title: string;
  description: string;
  callToAction: string;
  letter: string;
  demands: string[];
  deliveryNote: string;
  privacyNote: string;
  privacyUrl: string;
  optInLabel: string;
  photoCredit?: string;
  /** The campaign's own wording of interface strings, by key (its heading, say). */
  strings?: Record<string, string>;
}

/** `GET /api/campaigns/{slug}`: everything the widget needs, in one response. */
export interface PublicCampaign<Strings extends InterfaceTexts = InterfaceTexts> {
  slug: string;
  status: CampaignStatus;
  /** The one language of the whole answer: the campaign's texts and the interface's. */
  lang: Language;
  languages: Language[];
  target: string;
  texts: Omit<CampaignTexts, 'strings'>;
  /** The interface texts in `lang`, with the campaign's own wording of them applied. */
  strings: Strings;
  fields: OptionalField[];
  /** `email`: a signature counts once confirmed by the link mailed to the supporter. */
  verification: Verification;
  consentVersion: string;
  formToken: string;
  counter: Counter;
  /** The opt-in of the partner named by `?partner=`, when the campaign knows that partner. */
  partner?: PartnerOptIn;
}

/** A partner's own opt-in, as the widget draws it under the host's. */
export interface PartnerOptIn {
  slug: string;
  name: string;
  privacyUrl: string;
  lang: Language;
  text: string;
  /** The hash of what was shown; the signature's partner consent receipt keeps it. */
  version: string;
}

/**
 * `POST /api/campaigns/{slug}/signatures` answers: `signed` (201) and `already_signed` (200) on a
 * campaign without verification; on one with email verification always `check_email` (200),
 * whether the address is new, waiting for its confirmation or confirmed long ago, so the answer
 * never tells a stranger whether an address has signed (the mail does, to its owner).
 */
export interface SignResult {
  status: 'signed' | 'already_signed' | 'check_email';
  counter: Counter;
}

const nfc = (value: string) => value.normalize('NFC').trim();

/** Text a supporter types: NFC, trimmed, at most `max` characters, no control characters. */
function cleanText(min: number, max: number) {
  return z
    .string()
    .transform(nfc)
    .pipe(
      z
        .string()
        .min(min)
        .max(max)
        .refine((value) => !FORBIDDEN_TEXT.test(value)),
    );
}

const text = (max: number) => cleanText(1, max);
const optionalText = (max: number) => cleanText(0, max).optional();

/**
 * The body of a signature, as the server validates it. (Built in a pure IIFE so the widget's
 * bundle, which imports only the constants above, drops it and zod with it.)
 */
export const signatureBodySchema = /* @__PURE__ */ (() =>
  z.object({
    firstName: text(LIMITS.firstName),
    lastName: text(LIMITS.lastName),
    email: z
      .string()
      .max(LIMITS.email + 20)
      .transform(normaliseEmail)
      .pipe(
        z
          .string()
          .max(LIMITS.email)
          .regex(EMAIL_PATTERN)
          .refine((email) => emailLookAlike(email) === null),
      ),
    city: text(LIMITS.city),
    /** Opt-in is never pre-ticked: left out, it is not given. */
    optIn: z.boolean().default(false),
    /** Opted in to the partner named in `partner` (which must be one the campaign knows). */
    partnerOptIn: z.boolean().default(false),
    /** "Show my first name and city with the recent signatures": never pre-ticked either. */
    showInRecent: z.boolean().default(false),
    formToken: z.string().max(LIMITS.formToken).optional(),
    website: z.string().max(500).optional(),
    lang: z.string().max(35).regex(LANGUAGE_TAG).optional(),
    postalCode: optionalText(LIMITS.postalCode),
    country: optionalText(LIMITS.country),
    partner: optionalText(LIMITS.partner),
    source: z.string().max(LIMITS.source).optional(),
    referrer: z.string().max(LIMITS.source).optional(),
  }))();
export type SignatureBody = z.infer<typeof signatureBodySchema>;

/** One recent signature as `GET /api/campaigns/{slug}/recent` shows it, with its supporter's consent. */
export interface RecentSigner {
  firstName: string;
  city: string;
  /** Whole minutes since it was signed (0: within the minute). */
  minutesAgo: number;
}

/** `GET /api/campaigns/{slug}/recent`: newest first, at most 20. */
export interface RecentAnswer {
  recent: RecentSigner[];
}

/**
 * `POST /api/campaigns/{slug}/signatures/resend`: mail the confirmation link again (the widget's
 * "Send it again"). Answered alike whatever the address has done (ResendResult).
 */
export const resendBodySchema = /* @__PURE__ */ (() =>
  z.object({
    email: signatureBodySchema.shape.email,
    lang: z.string().max(35).regex(LANGUAGE_TAG).optional(),
  }))();

/** The resend's answer (202), the same for every address. */
export interface ResendResult {
  status: 'check_email';
}
