/**
 * The demo page at `/`: the seed petition page, drawn from the campaign's own texts, with the
 * widget embedded by one tag exactly as a partner would paste it. Every text goes through
 * hono/html's escaping.
 */
import { html, raw } from 'hono/html';
import type { Campaign } from '../campaigns/campaign.ts';
import { textsFor } from '../campaigns/campaign.ts';
import { interfaceStrings } from '../i18n/languages.ts';

// The page imitates Amnesty International Canada's: a black bar, the yellow accent, a bold sans
// headline. The widget is themed the way a partner would theme it: --petition-* custom properties
// and ::part() rules on petition-widget, nothing else.
const STYLE = `
  :root { color-scheme: light; --ink: #111; --yellow: #ffff00; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 18px/1.65 Arial, 'Helvetica Neue', Helvetica, sans-serif; color: var(--ink); background: #fff; }
  header { background: #000; color: #fff; padding: 0 20px; height: 64px; display: flex; align-items: center; gap: 12px; font: 700 18px/1 Arial, sans-serif; letter-spacing: .02em; }
  header::before { content: ''; width: 28px; height: 28px; background: var(--yellow); clip-path: polygon(50% 0, 100% 100%, 0 100%); }
  .hero { height: clamp(160px, 28vw, 340px); background: radial-gradient(ellipse at 70% 30%, #6b6b6b, #262626 70%); position: relative; }
  .credit { position: absolute; inset-inline-start: 20px; bottom: 8px; color: #eee; font-size: 12px; line-height: 1.2; text-shadow: 0 1px 2px #000; }
  main { max-width: 1160px; margin: 0 auto; padding: 0 20px 72px; display: grid; grid-template-columns: minmax(0, 1fr); column-gap: 56px; }
  .intro { padding-top: 28px; }
  h1 { font-size: clamp(30px, 5vw, 48px); line-height: 1.2; font-weight: 800; margin: 0 0 20px; }
  .intro h1 { display: inline; background: var(--yellow); box-decoration-break: clone; -webkit-box-decoration-break: clone; padding: 0 .15em; }
  .intro p { font-size: 1.15em; margin: 20px 0 18px; }
  h2 { font-size: 24px; line-height: 1.3; margin: 40px 0 16px; }
  p { margin: 0 0 18px; }
  .letter { background: #f2f2f2; padding: 24px 28px 8px; border-inline-start: 8px solid var(--yellow); }
  .letter li { margin-bottom: 8px; }
  aside { margin: 12px 0 40px; min-height: 44rem; }
  .languages { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 4px 18px; margin: 0; padding: 8px 20px; list-style: none; background: #1a1a1a; font-size: 15px; line-height: 1.6; }
  .languages a { color: #fff; }
  .languages a[aria-current] { color: var(--yellow); font-weight: 700; text-decoration: none; }
  @media (min-width: 900px) {
    main { grid-template-columns: minmax(0, 1fr) 400px; grid-template-areas: 'intro aside' 'body aside'; }
    .intro { grid-area: intro; padding-top: 40px; }
    article { grid-area: body; }
    aside { grid-area: aside; align-self: start; position: relative; margin-top: -96px; }
  }
  petition-widget {
    --petition-accent: var(--yellow);
    --petition-accent-text: #000;
    --petition-text: #fff;
    --petition-muted: #d0d0d0;
    --petition-background: #000;
    --petition-surface: #1f1f1f;
    --petition-border: #8c8c8c;
    --petition-error: #ff8a80;
    --petition-success: var(--yellow);
    --petition-radius: 0;
    --petition-font: Arial, 'Helvetica Neue', Helvetica, sans-serif;
  }
  petition-widget::part(base) { padding: 28px 24px; border: 0; }
  petition-widget::part(input) { background: #fff; color: #000; border-color: #fff; }
  petition-widget::part(counter) { color: var(--yellow); }
  petition-widget::part(button) { text-transform: uppercase; letter-spacing: .04em; }
`;

/** The demo page's campaign and the organisation it speaks for (from the seed file). */
export interface DemoPage {
  slug: string;
  organisation: string;
}

// An inline icon (the header's yellow triangle), so the browser asks for no /favicon.ico.
const ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Cpath d='M0 0h32v32H0z'/%3E%3Cpath fill='%23ff0' d='M16 5l12 22H4z'/%3E%3C/svg%3E";

/** The page's own few words, in the demo campaign's languages (English for any other). */
const WORDS: Record<string, { languages: string; letter: string }> = {
  en: { languages: 'Languages', letter: 'The letter' },
  fr: { languages: 'Langues', letter: 'La lettre' },
  es: { languages: 'Idiomas', letter: 'La carta' },
  de: { languages: 'Sprachen', letter: 'Der Brief' },
  ar: { languages: 'اللغات', letter: 'الرسالة' },
};

/** A language's name in itself: "français", "العربية". */
const nameOf = (tag: string) => new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;

/**
 * Renders the demo page for a campaign, in the reader's choice of its languages (`?lang=`; the
 * default one otherwise), with links to the others. The widget follows the page's `<html lang>`.
 */
export function renderDemoPage(campaign: Campaign, organisation: string, wanted?: string): string {
  const { lang, texts } = textsFor(campaign, wanted);
  const { dir } = interfaceStrings(lang);
  const words = WORDS[lang] ?? WORDS.en;
  const languages = Object.keys(campaign.texts).map(
    (tag) =>
      html`<li><a ${raw(tag === lang ? 'aria-current="page" ' : '')}href="?lang=${tag}" hreflang="${tag}" lang="${tag}">${nameOf(tag)}</a></li>`,
  );
  const paragraphs = (text: string) =>
    text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph}</p>`);
  // The first paragraph leads; on a phone the widget follows it, before the rest of the story.
  const [first, ...rest] = texts.description.split(/\n{2,}/);
  const intro = paragraphs(first);
  return html`<!doctype html>
<html lang="${lang}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${texts.title} | ${organisation}</title>
<meta name="description" content="${texts.callToAction}">
<link rel="icon" href="${ICON}">
<style>${raw(STYLE)}</style>
</head>
<body>
<header>${organisation}</header>
<nav aria-label="${words.languages}"><ul class="languages">${languages}</ul></nav>
<div class="hero" role="img" aria-label="${texts.title}"><span class="credit">${texts.photoCredit ?? ''}</span></div>
<main>
<div class="intro">
<h1>${texts.title}</h1>
${intro}
</div>
<aside>
<script src="/widget.js" data-campaign="${campaign.slug}" async></script>
</aside>
<article>
${rest.map((paragraph) => html`<p>${paragraph}</p>`)}
<h2>${texts.callToAction}</h2>
<section class="letter" aria-label="${words.letter}">
${paragraphs(texts.letter)}
<ul>${texts.demands.map((demand) => html`<li>${demand}</li>`)}</ul>
</section>
</article>
</main>
</body>
</html>
`.toString();
}
