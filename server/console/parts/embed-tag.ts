/** The tag a partner pastes, made from the embed builder's choices: one place, one format. */

/** What the builder asks. */
export interface EmbedChoices {
  campaign: string;
  lang: string;
  partner: string;
  theme: 'light' | 'dark' | 'auto';
  /** A #rrggbb colour, or '' for the widget's own. */
  accent: string;
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/**
 * The script tag. Everything is an attribute of it, the accent colour too (`data-accent`, which
 * the widget sets on itself through the CSSOM): a `<style>` block or a style attribute would be
 * blocked by the strict Content-Security-Policy the partner README recommends.
 */
export function embedTag(origin: string, choices: EmbedChoices): string {
  const attributes = [
    `src="${escapeAttribute(origin)}/widget.js"`,
    `data-campaign="${escapeAttribute(choices.campaign)}"`,
  ];
  if (choices.lang) attributes.push(`data-lang="${escapeAttribute(choices.lang)}"`);
  if (choices.partner) attributes.push(`data-partner="${escapeAttribute(choices.partner)}"`);
  if (choices.theme !== 'light') attributes.push(`data-theme="${choices.theme}"`);
  if (/^#[0-9a-f]{6}$/i.test(choices.accent)) attributes.push(`data-accent="${choices.accent}"`);
  return `<script ${attributes.join(' ')} async></script>`;
}
