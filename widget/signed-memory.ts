/**
 * Whether this browser signed a campaign: a localStorage mark, so a returning supporter sees that
 * they signed rather than the form. Storage may be refused (private mode, a sandboxed frame):
 * then nothing is remembered and nothing breaks.
 */
const keyOf = (campaign: string) => `petition-signed:${campaign}`;

/** Did this browser sign the campaign? */
export function signedHere(campaign: string): boolean {
  try {
    return localStorage.getItem(keyOf(campaign)) !== null;
  } catch {
    return false;
  }
}

/** Remembers that this browser signed the campaign. */
export function rememberSigned(campaign: string): void {
  try {
    localStorage.setItem(keyOf(campaign), '1');
  } catch {
    // Private mode: the thank-you still shows; the next visit just will not remember.
  }
}
