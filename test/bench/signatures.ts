/**
 * Signature bodies as the widget sends them, with unique emails from a seeded generator.
 *
 * Every run gets its own seed, and the seed is part of each email along with a serial number, so
 * the warm-up and the measured runs can never collide (a collision is an `already_signed` 200,
 * not a 201, and the run's check against the database would catch it).
 */

const FIRST = ['Marta', 'José', 'Ana', 'Luis', 'Chloé', 'Ngozi', 'Wei', 'Sofía', 'Pierre', 'Aroha'];
const LAST = ['López', 'Martínez', 'Tremblay', 'Okafor', 'Nguyen', 'Smith', 'Gagnon', 'Rossi'];
const CITY = ['San Salvador', 'Montréal', 'Toronto', 'Madrid', 'Lagos', 'Lyon', 'Vancouver'];

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A source of signature requests for one run: each call is a new person. */
export function signatureSource(seed: number, formToken: string) {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  let serial = 0;
  return () => {
    serial++;
    const tag = `${seed.toString(36)}.${serial.toString(36)}`;
    const body = JSON.stringify({
      optIn: random() < 0.4,
      formToken,
      website: '',
      lang: 'en',
      source: 'https://partner.example.org/take-action?utm_source=bench',
      firstName: pick(FIRST),
      lastName: pick(LAST),
      email: `supporter.${tag}@bench.example.org`,
      city: pick(CITY),
    });
    const key = `bench-${tag}-${Math.floor(random() * 2 ** 32).toString(16)}`;
    return { body, headers: { 'Idempotency-Key': key } };
  };
}
