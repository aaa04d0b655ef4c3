/**
 * A hook's signing secret: made here, shown once (when the hook is made, and when an admin
 * rotates it), and otherwise only ever stored sealed (secrets/sealed-secret.ts) under a key
 * derived from the server secret. Storage keeps the sealed text and never sees a secret; the
 * worker opens one just before it signs a delivery.
 *
 * Older versions kept secrets in clear (`whsec_...`): each engine seals those when it opens
 * (sealLegacy), and until then a clear one still opens as itself, so no delivery waits on it.
 */
import { randomBytes } from 'node:crypto';
import { isSealed, Sealer } from '../secrets/sealed-secret.ts';

/** A new hook's signing secret. */
export const newWebhookSecret = () => 'whsec_' + randomBytes(32).toString('base64url');

/** The purpose the key is derived for: another purpose's sealed values never open here. */
const PURPOSE = 'webhook signing secret';

/** Seals and opens hook secrets under one server secret. */
export class WebhookSecrets {
  readonly #sealer: Sealer;

  constructor(serverSecret: Buffer) {
    this.#sealer = new Sealer(serverSecret, PURPOSE);
  }

  seal(secret: string): string {
    return this.#sealer.seal(secret);
  }

  /** The secret a stored value holds (a clear one from an older version, as it is). */
  open(stored: string): string {
    return isSealed(stored) ? this.#sealer.open(stored) : stored;
  }

  /** For sealing on opening: a clear value sealed, a sealed one unchanged. */
  readonly sealLegacy = (stored: string): string =>
    isSealed(stored) ? stored : this.#sealer.seal(stored);
}

/** rotate-secret cannot open some hook secrets: it was not given the secret they were sealed under. */
export class WebhookSecretsLocked extends Error {
  constructor(readonly count: number) {
    super(
      `${count} webhook secret(s) are sealed under a server secret this run does not have: set ` +
        'PETITION_OLD_SECRET to the old secret and run again; if it is lost, add ' +
        '--reset-webhook-secrets (those hooks get new secrets nobody knows yet: rotate each with ' +
        'POST /api/admin/webhooks/{id}/secret and give its receiver the new one)',
    );
  }
}

/** How rotate-secret re-seals hook secrets, planned before anything is written. */
export interface ResealPlan {
  /** A stored value (sealed under an old secret, or clear) to the value sealed under the new one. */
  reseal: (stored: string) => string;
  /** Secrets that could not be opened and were replaced by new random ones (--reset-webhook-secrets). */
  reset: number;
}

/**
 * Opens every stored hook secret with whichever of `previous` opens it (a clear one as it is);
 * throws WebhookSecretsLocked when some open with none, unless `reset`. Call before writing.
 */
export function openAll(stored: readonly string[], previous: readonly Buffer[], reset: boolean) {
  const openers = previous.map((secret) => new WebhookSecrets(secret));
  const opened = new Map<string, string | null>();
  for (const value of stored) {
    let plain: string | null = null;
    for (const opener of openers) {
      try {
        plain = opener.open(value);
        break;
      } catch {
        // Sealed under another of the candidates, or under none.
      }
    }
    if (plain === null && !isSealed(value)) plain = value;
    opened.set(value, plain);
  }
  const locked = [...opened.values()].filter((plain) => plain === null).length;
  if (locked && !reset) throw new WebhookSecretsLocked(locked);
  return opened;
}

/** The plan that seals what `openAll` opened under `next`, a new secret for what it could not. */
export function resealPlan(opened: Map<string, string | null>, next: Buffer): ResealPlan {
  const sealer = new WebhookSecrets(next);
  const reset = [...opened.values()].filter((plain) => plain === null).length;
  return {
    reseal: (stored) => sealer.seal(opened.get(stored) ?? newWebhookSecret()),
    reset,
  };
}
