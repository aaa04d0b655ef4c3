/**
 * Frame mode inside the frame page (server/http/frame-page.ts, whose tag says
 * `data-isolation="framed"`): the widget draws from the campaign's answer the page carries,
 * attributes a signature to the page that framed it (the address frame-host.ts put in ours), and
 * tells that page, at the one origin the server wrote in `data-parent`, its height, its title and
 * that someone signed (the petition-signed detail: campaign, status, counter). It listens to no
 * message: the page around it has nothing to tell it.
 */
import { preloadCampaign } from './campaign-controller.ts';
import type { FrameMessage } from './frame-host.ts';
import { page } from './page.ts';
import type { PetitionWidget } from './petition-widget.ts';

export function frameChild(widget: PetitionWidget, parentOrigin: string | undefined): void {
  const answer = document.getElementById('petition-campaign')?.textContent;
  if (answer) preloadCampaign(JSON.parse(answer));
  const query = new URLSearchParams(location.search);
  page.source = query.get('source') || page.source;
  page.referrer = query.get('referrer') ?? '';
  page.framed = true;
  if (!parentOrigin) return;
  const post = (message: FrameMessage) => parent.postMessage(message, parentOrigin);
  post({ petition: 'title', value: document.title });
  let last = 0;
  const size = () => {
    const height = Math.ceil(widget.getBoundingClientRect().height);
    if (height !== last) post({ petition: 'height', value: (last = height) });
  };
  // After each render (a frame off screen gets no resize observations: browsers throttle it),
  // and whenever the box changes without one (the letter opened, the frame made narrower).
  widget.addController({ hostUpdated: size });
  new ResizeObserver(size).observe(widget);
  widget.addEventListener('petition-signed', ({ detail }) =>
    post({ petition: 'signed', value: detail }),
  );
}
