/**
 * The entry of `widget.js`: read the script tag once, define the element (guarded), mount.
 *
 * `document.currentScript` is only set while this script first runs, so it is read here, at the
 * top, before anything async. The API origin defaults to the script's own origin (the Plausible
 * way); a second copy of the tag on the page mounts its own widget and defines nothing twice.
 * `data-isolation="frame"` mounts an iframe of our frame page instead (frame-host.ts), whose own
 * tag says `framed` (frame-child.ts).
 */
import { frameChild } from './frame-child.ts';
import { hostFrame } from './frame-host.ts';
import { definePetitionWidget, setDefaultApi } from './petition-widget.ts';

const script = document.currentScript as HTMLScriptElement | null;
const KNOWN = ['campaign', 'lang', 'partner', 'theme', 'accent', 'isolation', 'recent'];

definePetitionWidget();

if (script) {
  const api = new URL(script.src, location.href).origin;
  setDefaultApi(api);
  const data = script.dataset;
  const framed = data.isolation === 'framed';
  const unknown = Object.keys(data).filter((key) => !KNOWN.includes(key) && !framed);
  if (unknown.length) {
    console.warn(
      `petition-widget: unknown attribute ${unknown.map((key) => `data-${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`).join(', ')}; known: ${KNOWN.map((key) => `data-${key}`).join(', ')}`,
    );
  }
  const { campaign, lang, partner, theme, accent } = data;
  if (campaign && data.isolation === 'frame') {
    insert(hostFrame(api, data));
  } else if (campaign) {
    const widget = document.createElement('petition-widget');
    widget.campaign = campaign;
    if (lang) widget.setAttribute('lang', lang);
    if (partner) widget.partner = partner;
    if (theme === 'dark' || theme === 'auto' || theme === 'light') widget.theme = theme;
    if (accent) widget.accent = accent;
    if (data.recent !== undefined) widget.recent = true;
    if (framed) frameChild(widget, data.parent);
    insert(widget);
  } else if (!document.querySelector('petition-widget')) {
    console.warn('petition-widget: add data-campaign="your-campaign" to the script tag.');
  }
}

/** After the tag; a tag pasted into <head> cannot show anything there: the body instead. */
function insert(element: HTMLElement): void {
  if (script!.closest('head')) document.body.append(element);
  else script!.after(element);
}
