/**
 * Frame mode on the partner's page (`data-isolation="frame"`): instead of the element, an iframe
 * of our own frame page (GET /embed/{slug}, server/http/frame-page.ts) runs the widget on the API
 * origin, where the page cannot read what a supporter types: not its DOM, not its storage, not
 * its requests.
 *
 * The tag's attributes travel in the frame's address. From the frame the page takes only three
 * messages, and only from that frame's window and origin: its height, its title (the frame's
 * accessible name) and that someone signed, which it fires as `petition-signed` on the iframe,
 * rebuilt field by field from what it knows, so nothing personal can ride along.
 */
import type { PetitionSignedDetail } from './petition-widget.ts';
import { readerLanguages } from './strings.ts';

/** What the frame tells its page (frame-child.ts sends them). */
export type FrameMessage =
  | { petition: 'height'; value: number }
  | { petition: 'title'; value: string }
  | { petition: 'signed'; value: PetitionSignedDetail };

/** The iframe for this tag; `api` is the origin widget.js came from. */
export function hostFrame(api: string, data: DOMStringMap): HTMLIFrameElement {
  const frame = document.createElement('iframe');
  const campaign = data.campaign!;
  const query = new URLSearchParams({
    lang: readerLanguages(data.lang ?? ''),
    origin: location.origin,
    source: location.href.slice(0, 500),
    referrer: document.referrer.slice(0, 500),
  });
  for (const name of ['partner', 'theme', 'accent']) if (data[name]) query.set(name, data[name]);
  if (data.recent !== undefined) query.set('recent', '');
  frame.src = `${api}/embed/${encodeURIComponent(campaign)}?${query}`;
  // A frame that has loaded without a word from its widget is not drawing the petition here: the
  // browser refused to show it on this page (one outside the campaign's allowed origins, which
  // the frame page's frame-ancestors lists) and shows an error page of its own or nothing, in a
  // box of the loading height. Fold it away; its first message stops that, and a height message
  // coming after all undoes it.
  frame.onload = () => (frame.style.height = '0');
  // Replaced by the campaign's title once the frame has it.
  frame.title = 'Petition';
  frame.allow = 'web-share';
  // Through the CSSOM, which a strict CSP allows. As wide as the element's box (640px at most, on
  // the page's start side whatever the widget's language); until the frame says its height, the
  // 44em (at 16px) the element keeps while it loads, so the page below moves little.
  frame.style.cssText =
    'display:block;width:100%;max-width:640px;height:704px;border:0;color-scheme:normal';
  addEventListener('message', ({ source, origin, data: message }) => {
    if (source !== frame.contentWindow || origin !== api) return;
    const { petition, value } = Object(message);
    if (petition === 'height' && value >= 0 && value < 1e5) frame.style.height = `${+value}px`;
    frame.onload = null;
    if (petition === 'title' && typeof value === 'string') frame.title = value.slice(0, 200);
    const { status, counter } = Object(value);
    if (petition === 'signed' && (status === 'signed' || status === 'already_signed')) {
      const number = (name: string) => +Object(counter)[name] || 0;
      frame.dispatchEvent(
        new CustomEvent<PetitionSignedDetail>('petition-signed', {
          detail: {
            campaign,
            status,
            counter: {
              signatures: number('signatures'),
              offset: number('offset'),
              total: number('total'),
              goal: counter?.goal == null ? null : number('goal'),
            },
          },
          bubbles: true,
          composed: true,
        }),
      );
    }
  });
  return frame;
}
