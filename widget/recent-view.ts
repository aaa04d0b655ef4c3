/**
 * People who just signed, with their consent (`data-recent`): a quiet list under the counter,
 * drawn by the second chunk (thanks-chunk.ts), so the first paint carries none of it and asks for
 * nothing more. The list is fetched once the chunk is there and again every `refresh` seconds
 * while the page is visible (paused when the tab is hidden, like the counter). Not a live region:
 * names changing every few seconds would talk over someone filling the form.
 */
import type { RecentAnswer, RecentSigner } from '../server/contract/public.ts';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import type { Kit } from './thanks-view.ts';

/** How many the widget shows of the 20 the server gives: a glance, not a wall of names. */
const SHOWN = 5;

/**
 * Asks `url` now and every `seconds` while the page is visible; `update` gets each list. Returns
 * the stop (the element calls it when it leaves the page). A failed read keeps the last list.
 * `fresh`: the first read past the browser's cache (the answer may be kept 10 s), after signing.
 */
export function watchRecent(
  url: string,
  seconds: number,
  fresh: boolean,
  update: (list: RecentSigner[]) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let cache: RequestCache = fresh ? 'no-cache' : 'default';
  const load = () => {
    clearTimeout(timer);
    if (stopped || document.hidden) return;
    fetch(url, { cache })
      .then((response) => (response.ok ? (response.json() as Promise<RecentAnswer>) : null))
      .then((answer) => answer && !stopped && update(answer.recent))
      .catch(() => {})
      .finally(() => {
        cache = 'default';
        if (!stopped && !document.hidden) timer = setTimeout(load, seconds * 1000);
      });
  };
  document.addEventListener('visibilitychange', load);
  load();
  return () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', load);
  };
}

/** "5 minutes ago", "2 hours ago", "3 days ago", in the reader's language (no texts of ours). */
function ago(t: InterfaceStrings, minutes: number): string {
  const format = new Intl.RelativeTimeFormat(t.locale, { numeric: 'auto' });
  if (minutes < 60) return format.format(-minutes, 'minute');
  if (minutes < 1440) return format.format(-Math.floor(minutes / 60), 'hour');
  return format.format(-Math.floor(minutes / 1440), 'day');
}

export function recentView({ html }: Kit, t: InterfaceStrings, list: RecentSigner[]) {
  if (!list.length) return '';
  // <bdi>: a name or city in another script keeps its own direction inside the line. A middle dot
  // between the parts, not a comma: it is the same in every script (Arabic writes its own comma).
  return html`<div class="recent" part="recent">
    <p>${t.recentSigners}</p>
    <ul>
      ${list
        .slice(0, SHOWN)
        .map(
          ({ firstName, city, minutesAgo }) =>
            html`<li><bdi>${firstName}</bdi> · <bdi>${city}</bdi> · ${ago(t, minutesAgo)}</li>`,
        )}
    </ul>
  </div>`;
}
