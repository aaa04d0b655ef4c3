/**
 * Where a signature came from, kept as little as answers the question: the origin of the page and
 * of its referrer (never a path, which may carry personal data) and the page's `utm_*` tags.
 */

/** The origin of an http(s) URL, or null. */
export function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

/** The `utm_*` parameters of the page the widget was on, as JSON (null when none). */
export function utmOf(source: string | undefined): string | null {
  if (!source) return null;
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return null;
  }
  const utm: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (/^utm_[a-z]{1,20}$/.test(key) && Object.keys(utm).length < 8)
      utm[key] = value.slice(0, 200);
  }
  return Object.keys(utm).length ? JSON.stringify(utm) : null;
}
