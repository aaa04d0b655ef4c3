/** The letter, folded: what a supporter signs is one click away. */
import { html } from 'lit/html.js';
import type { CampaignTexts } from '../server/contract/public.ts';
import type { InterfaceStrings } from '../server/i18n/interface-strings.ts';

export function letterView(t: InterfaceStrings, texts: Pick<CampaignTexts, 'letter' | 'demands'>) {
  return html`<details part="letter">
    <summary>${t.readLetter}</summary>
    ${texts.letter.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`)}
    <ul>
      ${texts.demands.map((demand) => html`<li>${demand}</li>`)}
    </ul>
  </details>`;
}
