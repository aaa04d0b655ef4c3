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
 * The script tag (and, for an accent colour, the one CSS rule that sets it: the widget takes its
 * colours from documented custom properties, not from attributes).
 */
export function embedTag(origin: string, choices: EmbedChoices): string {
  const attributes = [
    `src="${escapeAttribute(origin)}/widget.js"`,
    `data-campaign="${escapeAttribute(choices.campaign)}"`,
  ];
  if (choices.lang) attributes.push(`data-lang="${escapeAttribute(choices.lang)}"`);
  if (choices.partner) attributes.push(`data-partner="${escapeAttribute(choices.partner)}"`);
  if (choices.theme !== 'light') attributes.push(`data-theme="${choices.theme}"`);
  const script = `<script ${attributes.join(' ')} async></script>`;
  if (!/^#[0-9a-f]{6}$/i.test(choices.accent)) return script;
  return `<style>petition-widget { --petition-accent: ${choices.accent}; }</style>\n${script}`;
}
