/**
 * The entry of `widget.js`: read the script tag once, define the element (guarded), mount.
 *
 * `document.currentScript` is only set while this script first runs, so it is read here, at the
 * top, before anything async. The API origin defaults to the script's own origin (the Plausible
 * way); a second copy of the tag on the page mounts its own widget and defines nothing twice.
 */
import { definePetitionWidget, setDefaultApi } from './petition-widget.ts';

const script = document.currentScript as HTMLScriptElement | null;
const KNOWN = ['campaign', 'lang', 'partner', 'theme', 'accent'];

definePetitionWidget();

if (script) {
  setDefaultApi(new URL(script.src, location.href).origin);
  const unknown = Object.keys(script.dataset).filter((key) => !KNOWN.includes(key));
  if (unknown.length) {
    console.warn(
      `petition-widget: unknown attribute ${unknown.map((key) => `data-${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`).join(', ')}; known: ${KNOWN.map((key) => `data-${key}`).join(', ')}`,
    );
  }
  const { campaign, lang, partner, theme, accent } = script.dataset;
  if (campaign) {
    const widget = document.createElement('petition-widget');
    widget.campaign = campaign;
    if (lang) widget.setAttribute('lang', lang);
    if (partner) widget.partner = partner;
    if (theme === 'dark' || theme === 'auto' || theme === 'light') widget.theme = theme;
    if (accent) widget.accent = accent;
    // A tag pasted into <head> cannot show anything there: the widget goes to the body instead.
    if (script.closest('head')) document.body.append(widget);
    else script.after(widget);
  } else if (!document.querySelector('petition-widget')) {
    console.warn('petition-widget: add data-campaign="your-campaign" to the script tag.');
  }
}
