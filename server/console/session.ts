/**
 * The key the console signs in with, kept for this tab only (sessionStorage): it is gone when the
 * tab closes, never shared with other tabs, never put in a URL. Storage may be refused (a locked
 * down browser): then the key lives in memory until the page reloads.
 */
const NAME = 'petition-console-key';
let inMemory: string | null = null;

/** The key of this tab, or null. */
export function loadKey(): string | null {
  try {
    return sessionStorage.getItem(NAME) ?? inMemory;
  } catch {
    return inMemory;
  }
}

/** Keeps the key for this tab. */
export function saveKey(key: string): void {
  inMemory = key;
  try {
    sessionStorage.setItem(NAME, key);
  } catch {
    // Memory only: see above.
  }
}

/** Forgets the key (sign out). */
export function forgetKey(): void {
  inMemory = null;
  try {
    sessionStorage.removeItem(NAME);
  } catch {
    // Nothing was stored.
  }
}
