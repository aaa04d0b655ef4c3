/**
 * What both crash tests' clients share: a seeded PRNG, so a failing run can be repeated, and one
 * signature attempt, which tells an answer from no answer (the server died, or is starting).
 */

/** A small seeded PRNG (mulberry32). */
export function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Client `index`'s `n`-th signature: a new email each. */
export function crashSignature(index: number, n: number) {
  const email = `crash.${index}.${n}@example.org`;
  const body = JSON.stringify({
    firstName: 'Crash',
    lastName: `Client ${index}`,
    email,
    city: 'Kill',
    optIn: n % 2 === 0,
  });
  return { email, body };
}

/**
 * Sends one signature with its key: the status when it was answered 200 or 201, null when there
 * was no answer or a 5xx (to be sent again with the same key); anything else throws.
 */
export async function trySign(base: string, body: string, key: string): Promise<number | null> {
  let response: Response;
  try {
    response = await fetch(`${base}/api/campaigns/el-salvador/signatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body,
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer();
  } catch {
    return null;
  }
  if (response.status === 201 || response.status === 200) return response.status;
  if (response.status >= 500) return null;
  throw new Error(`unexpected ${response.status} for ${JSON.parse(body).email}`);
}
