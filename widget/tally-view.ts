/**
 * The count and the goal bar, as the reader's language writes numbers and plurals. Not a live
 * region: refreshed every few seconds on a busy petition, it would talk over someone filling the
 * form; the supporter is told their own result instead (the thank-you takes focus).
 */
import { html, nothing } from 'lit/html.js';
import type { Counter } from '../server/contract/public.ts';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';
import { fill, plural } from './strings.ts';

export function tallyView(t: InterfaceStrings, counter: Counter | null) {
  if (!counter) return nothing;
  const format = new Intl.NumberFormat(t.locale);
  // A form that says its count in words ("لم يوقّع أحد بعد": nobody yet) gets no number added.
  const [before, after] = plural(t.counter, counter.total, t.locale).split('{count}');
  const { goal, total } = counter;
  return html`<div class="tally">
    <p class="counter" part="counter">${before}${
      after === undefined ? nothing : html`<strong>${format.format(total)}</strong>${after}`
    }</p>
    ${
      goal
        ? html`<progress
            part="progress"
            aria-label=${t.progressLabel}
            max=${goal}
            .value=${Math.min(total, goal)}
            aria-valuetext=${`${format.format(total)} / ${format.format(goal)}`}
          ></progress>
          <p class="goal">${fill(t.goal, { goal: format.format(goal) })}</p>`
        : nothing
    }
  </div>`;
}
