/**
 * The frame page (GET /embed/{slug}): the widget on this server's own origin, for a partner page
 * whose tag says `data-isolation="frame"`. The host page then holds an iframe it cannot look
 * into: what a supporter types stays in this page, which only talks to this server.
 *
 * The page carries the campaign's answer (the JSON of GET /api/campaigns/{slug}), so the widget
 * draws without asking for it: the frame costs one request, this page, and widget.js (cached for
 * a year under its hash). Its policy allows our own script and nothing else, and only the
 * campaign's allowed origins may frame it.
 */
import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import type { CampaignAnswer } from '../i18n/interface-strings.ts';

/** The page's one style, allowed by its hash. */
const STYLE = 'html{overflow:hidden}body{margin:0}';
const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** An origin as CSP may name it (what the admin contract accepts: scheme, host, port). */
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](?::\d{1,5})?$/i;

/**
 * Who may frame it: the campaign's allowed origins, the same list that may sign. A campaign that
 * lists none takes signatures from any page, and any page may show its frame as well: a framing
 * page sees less than a page running the script, and a form a supporter must type into cannot be
 * signed by tricked clicks alone.
 */
export function frameAncestors(allowedOrigins: readonly string[]): string {
  if (allowedOrigins.length === 0) return '*';
  const origins = allowedOrigins.filter((origin) => ORIGIN.test(origin));
  return origins.length ? origins.join(' ') : "'none'";
}

/** The frame page's Content-Security-Policy. */
export function frameCsp(allowedOrigins: readonly string[]): string {
  return (
    `default-src 'none'; script-src 'self'; connect-src 'self'; style-src ${STYLE_HASH}; ` +
    `base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors(allowedOrigins)}`
  );
}

/** The origin of the page that framed us, when `value` is an http(s) origin; else ''. */
export function parentOrigin(value: string | undefined): string {
  if (!value || !ORIGIN.test(value)) return '';
  try {
    return new URL(value).origin === value ? value : '';
  } catch {
    return '';
  }
}

/** What the frame's widget is told, as the tag on a partner's page would tell it. */
export interface FrameTag {
  /** widget.js's URL on this server (hashed: cached for a year). */
  src: string;
  partner: string;
  theme: string;
  accent: string;
  /** The host's tag asked for the recent signatures. */
  recent: boolean;
  /** The framing page's origin: the only one the frame's messages go to. */
  parent: string;
}

/** The page. Every value goes through hono/html's escaping; the JSON cannot close its script. */
export function framePage(answer: CampaignAnswer, tag: FrameTag): string {
  const json = JSON.stringify(answer).replace(/</g, '\\u003c');
  const optional = (name: string, value: string) =>
    value ? html` data-${raw(name)}="${value}"` : '';
  return html`<!doctype html>
<html lang="${answer.lang}" dir="${answer.strings.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${answer.texts.title}</title>
<style>${raw(STYLE)}</style>
<script type="application/json" id="petition-campaign">${raw(json)}</script>
</head>
<body>
<script src="${tag.src}" data-campaign="${answer.slug}" data-lang="${answer.lang}" data-isolation="framed"${optional('partner', tag.partner)}${optional('theme', tag.theme)}${optional('accent', tag.accent)}${optional('parent', tag.parent)}${tag.recent ? ' data-recent' : ''}></script>
</body>
</html>
`.toString();
}
