/**
 * Maximum lengths, in characters, of what an admin may send. Plain numbers in a module of their
 * own: the console's `maxlength` attributes are the very limits the server's schemas enforce,
 * and the console bundles no zod for them.
 */
export const ADMIN_LIMITS = {
  /** A campaign's or a partner's slug (SLUG_PATTERN). */
  slug: 64,
  target: 200,
  keyLabel: 100,
  /** Why an offset changed, why a signature was flagged or counted. */
  reason: 500,
  partnerName: 200,
  /** A privacy policy's or a webhook's URL. */
  url: 500,
  /** A partner's opt-in text, in one language. */
  optInText: 1000,
  /** The steps a campaign's auto goal may list (goalSteps). */
  goalSteps: 30,
  /** Days a campaign's personal data may be kept after it closes (`retainDays`). */
  retainDays: 3650,
} as const;

/** How many days before the retention's erasure the console and the weekly report warn of it. */
export const RETENTION_WARNING_DAYS = 14;

/** A campaign's texts in one language, text by text (a demand is one line of `demands`). */
export const TEXT_LIMITS = {
  title: 200,
  description: 20_000,
  callToAction: 500,
  letter: 20_000,
  demand: 2000,
  /** Demands at most. */
  demands: 20,
  deliveryNote: 2000,
  privacyNote: 2000,
  privacyUrl: 500,
  optInLabel: 1000,
  photoCredit: 300,
} as const;
