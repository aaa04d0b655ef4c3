/**
 * Waiting for a condition instead of sleeping. A test that sleeps a fixed time is slow on a quiet
 * machine and fails on a loaded one; `waitFor` polls until the condition holds and, past its
 * deadline, fails naming what it waited for. It imports nothing, so the browser tests use it too.
 */

/** What `waitFor` resolves with: the check's answer, never a falsy one. */
export type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/** How long to wait, and how often to look. */
export interface WaitOptions {
  /** Milliseconds before giving up (default 10 s). */
  timeout?: number;
  /** Milliseconds between two looks (default 10). */
  every?: number;
}

/**
 * Resolves with `check`'s first truthy answer; rejects with `timed out waiting for <what>` when
 * there is none within `timeout` (a number alone is the timeout).
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  options: WaitOptions | number = {},
): Promise<Truthy<T>> {
  const { timeout = 10_000, every = 10 } =
    typeof options === 'number' ? { timeout: options } : options;
  const deadline = Date.now() + timeout;
  for (;;) {
    const answer = await check();
    if (answer) return answer as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, every));
  }
}

/** Deep equality of plain data (what a probe answers: numbers, strings, arrays, objects). */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => same(a[key as keyof typeof a], b[key as keyof typeof b]));
}

/**
 * Asks `probe` until it answers `wanted` (deeply equal), or its deadline passes; resolves with
 * the last answer either way, so the caller's assertion shows what was seen.
 */
export async function eventually<T>(
  probe: () => T | Promise<T>,
  wanted: T,
  options: WaitOptions | number = {},
): Promise<T> {
  let seen = await probe();
  await waitFor(
    async () => same((seen = await probe()), wanted),
    JSON.stringify(wanted),
    options,
  ).catch(() => {});
  return seen;
}
