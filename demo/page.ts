/**
 * The demo page at `/`: the seed petition page, drawn from the campaign's own texts, with the
 * widget embedded by one tag exactly as a partner would paste it. Every text goes through
 * hono/html's escaping.
 */
import { html } from 'hono/html';
import type { Campaign } from '../server/db/campaigns.ts';
import { textsFor } from '../server/db/campaigns.ts';
import { ORGANISATION } from './el-salvador.ts';

const STYLE = `
  :root { color-scheme: light; --ink: #1a1a1a; --yellow: #ffff00; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 17px/1.6 Georgia, 'Times New Roman', serif; color: var(--ink); background: #fff; }
  header { background: #000; color: var(--yellow); padding: 14px 20px; font: 700 18px/1.2 Arial, sans-serif; letter-spacing: .02em; }
  .hero { min-height: 220px; background: linear-gradient(135deg, #2b2b2b, #5a5a5a); position: relative; }
  .credit { position: absolute; right: 12px; bottom: 8px; color: #eee; font: 12px/1.2 Arial, sans-serif; }
  main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 64px; display: grid; gap: 40px; grid-template-columns: 1fr; }
  @media (min-width: 900px) { main { grid-template-columns: minmax(0, 1fr) 420px; align-items: start; } aside { position: sticky; top: 16px; } }
  h1 { font: 800 clamp(28px, 5vw, 44px)/1.1 Arial, sans-serif; margin: 0 0 16px; }
  h2 { font: 700 22px/1.3 Arial, sans-serif; }
  .letter { background: #f4f4f4; padding: 20px 24px; border-left: 6px solid var(--yellow); }
  .letter p:first-child { margin-top: 0; }
`;

/** Renders the demo page for a campaign. */
export function renderDemoPage(campaign: Campaign): string {
  const { lang, texts } = textsFor(campaign, undefined);
  const paragraphs = (text: string) => text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`);
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${texts.title} | ${ORGANISATION}</title>
<style>${STYLE}</style>
</head>
<body>
<header>${ORGANISATION}</header>
<div class="hero" role="img" aria-label="${texts.title}"><span class="credit">${texts.photoCredit ?? ''}</span></div>
<main>
<article>
<h1>${texts.title}</h1>
${paragraphs(texts.description)}
<h2>${texts.callToAction}</h2>
<section class="letter" aria-label="The letter">
${paragraphs(texts.letter)}
<ul>${texts.demands.map((demand) => html`<li>${demand}</li>`)}</ul>
</section>
</article>
<aside>
<script src="/widget.js" data-campaign="${campaign.slug}" async></script>
</aside>
</main>
</body>
</html>
`.toString();
}
