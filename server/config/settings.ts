/**
 * Server settings, from the environment, validated once at start.
 *
 * A wrong value stops the server with one line that names the variable and what it wants,
 * never a stack trace.
 */
import * as z from 'zod';
import { isLoopbackHost } from '../network/ip-address.ts';
import { parseTrustProxy } from '../network/trust-proxy.ts';

const onOff = z.enum(['on', 'off']).default('on');
/** A duration in milliseconds, up to 30 days. */
const ms = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 86_400_000)
    .default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);
/** A whole number of days (or hours), up to a year. */
const days = (fallback: number, max = 365) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

/** An SMTP server: smtp:// (STARTTLS required) or smtps:// (TLS from the start), with a host. */
function isSmtpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}
/** A sender: `name@example.org` or `Name <name@example.org>`. */
const MAIL_FROM =
  /^(?:[^<>@\r\n]*<[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)$/;
/** An origin supporters reach the server at. */
function isPublicOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

const fields = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/petitions.db'),
  /** Set: PostgreSQL at this URL instead of the SQLite file (see README, Running on PostgreSQL). */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  PETITION_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  PETITION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** rotate-secret only: the PETITION_SECRET the database was under, to open its hook secrets. */
  PETITION_OLD_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PETITION_BOT_CHECKS: onOff,
  PETITION_RATE_LIMIT: onOff,
  /** Unset: on when HOST is loopback (a demo on one's own machine), off when it faces a network. */
  PETITION_SEED: z.enum(['on', 'off']).optional(),
  PETITION_LOG: onOff,
  /** Whose X-Forwarded-For entries to believe (see network/trust-proxy.ts). */
  PETITION_TRUST_PROXY: z
    .string()
    .default('off')
    .transform((value, context) => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') context.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? z.NEVER : parsed;
    }),
  /** A form sent sooner than this after it was served is suspect. */
  PETITION_MIN_FILL_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  /** Signatures per IP a minute before further ones are flagged. */
  PETITION_RATE_BURST: count(10),
  /** Signatures per IP an hour before further ones are flagged. */
  PETITION_RATE_SUSTAINED: count(100),
  /** Requests per IP a minute before the server answers 429. */
  PETITION_RATE_FLOOD: count(120),
  PETITION_MAX_BATCH: count(512),
  /** On SIGTERM: how long in-flight requests get before they are cut, drain included. */
  PETITION_SHUTDOWN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  /** Webhooks: the first retry's delay (doubling, with jitter, up to the max). */
  PETITION_WEBHOOK_RETRY_MS: ms(10_000),
  PETITION_WEBHOOK_RETRY_MAX_MS: ms(3_600_000),
  /** A delivery failing this long disables its hook (3 days). */
  PETITION_WEBHOOK_GIVE_UP_MS: ms(3 * 86_400_000),
  /** A receiver that has not answered in this long has failed. */
  PETITION_WEBHOOK_TIMEOUT_MS: ms(10_000),
  /** How often the worker looks for due retries. */
  PETITION_WEBHOOK_POLL_MS: ms(1000),
  /**
   * Tests only: host-wide hooks may be plain http to loopback (a receiver on 127.0.0.1). Never
   * a partner key's hook, and only on a server listening on loopback itself.
   */
  PETITION_WEBHOOK_ALLOW_LOOPBACK: z.enum(['0', '1']).default('0'),
  /** Mail: the SMTP server (see server/mail/transport.ts); unset on loopback, mails are .eml files. */
  PETITION_SMTP_URL: z
    .string()
    .refine(isSmtpUrl, 'must be smtp://user:password@host:587 (STARTTLS) or smtps://... (TLS)')
    .optional(),
  PETITION_MAIL_FROM: z
    .string()
    .max(300)
    .regex(MAIL_FROM, 'must be an address, or a name and <address>')
    .optional(),
  /** A folder with Noto font files for the delivery pack, looked in before the system's. */
  PETITION_FONT_DIR: z.string().min(1).optional(),
  /** A CA certificate (PEM) to trust for the SMTP server besides the system's. */
  PETITION_SMTP_CA_FILE: z.string().min(1).optional(),
  /** DKIM: the private key (PEM) and its selector; the domain is PETITION_MAIL_FROM's. */
  PETITION_DKIM_KEY_FILE: z.string().min(1).optional(),
  PETITION_DKIM_SELECTOR: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be a DNS label such as mail2026')
    .optional(),
  /** The origin supporters reach this server at: confirmation links point there. */
  PETITION_PUBLIC_URL: z
    .string()
    .refine(isPublicOrigin, 'must be an origin such as https://petitions.example.org')
    .optional(),
  /** How long a confirmation link works. */
  PETITION_CONFIRM_LINK_DAYS: days(30),
  /** One reminder this long after signing, when the signature is still not confirmed. */
  PETITION_CONFIRM_REMIND_HOURS: days(48, 24 * 365),
  /** Unconfirmed signatures are deleted this long after signing. */
  PETITION_CONFIRM_KEEP_DAYS: days(30),
  /** Mails an address gets a day from signing and resending (reminders aside). */
  PETITION_MAIL_PER_DAY: z.coerce.number().int().min(1).max(100).default(3),
  /** Mail: the first retry's delay (doubling, with jitter, up to the max). */
  PETITION_MAIL_RETRY_MS: ms(30_000),
  PETITION_MAIL_RETRY_MAX_MS: ms(3_600_000),
  /** A mail still failing this long is given up (3 days). */
  PETITION_MAIL_GIVE_UP_MS: ms(3 * 86_400_000),
  /** An SMTP server that has not answered in this long has failed. */
  PETITION_MAIL_TIMEOUT_MS: ms(30_000),
  /** How often the mail worker looks for due mails (other nodes' and retries). */
  PETITION_MAIL_POLL_MS: ms(1000),
});

const schema = fields
  .refine(
    (settings) => settings.PETITION_WEBHOOK_ALLOW_LOOPBACK === '0' || isLoopbackHost(settings.HOST),
    {
      path: ['PETITION_WEBHOOK_ALLOW_LOOPBACK'],
      message:
        'a test setting: 1 only with a loopback HOST (a server facing a network must not let hooks reach its own loopback)',
    },
  )
  .superRefine((settings, context) => {
    const need = (path: string, message: string) =>
      context.addIssue({ code: 'custom', path: [path], message });
    if (settings.PETITION_SMTP_URL && !settings.PETITION_MAIL_FROM)
      need('PETITION_MAIL_FROM', 'required with PETITION_SMTP_URL (the address mails come from)');
    if (!settings.PETITION_DKIM_KEY_FILE !== !settings.PETITION_DKIM_SELECTOR)
      need(
        'PETITION_DKIM_SELECTOR',
        'PETITION_DKIM_KEY_FILE and PETITION_DKIM_SELECTOR go together',
      );
    if (settings.PETITION_DKIM_KEY_FILE && !settings.PETITION_MAIL_FROM)
      need('PETITION_MAIL_FROM', 'required with DKIM (its domain signs)');
  })
  .transform((settings) => ({
    ...settings,
    PETITION_SEED: settings.PETITION_SEED ?? (isLoopbackHost(settings.HOST) ? 'on' : 'off'),
  }));

/** The validated settings. */
export type Settings = z.output<typeof schema>;

/** Parses settings; returns a one-line message instead when one is wrong. */
export function parseSettings(
  env: Record<string, string | undefined>,
): Settings | { error: string } {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(fields.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue.path[0]);
  const wanted =
    issue.code === 'invalid_value'
      ? `one of ${issue.values.join(', ')}`
      : issue.code === 'custom'
        ? issue.message
        : issue.message.toLowerCase();
  return { error: `Invalid setting ${name}: ${wanted}.` };
}

/** Settings for tests: the defaults, with overrides. */
export function testSettings(overrides: Partial<Settings> = {}): Settings {
  const parsed = parseSettings({});
  if ('error' in parsed) throw new Error(parsed.error);
  return { ...parsed, PETITION_LOG: 'off', PETITION_SEED: 'off', ...overrides };
}
