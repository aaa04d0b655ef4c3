/**
 * GET /embed/{slug}: the frame page of frame mode (frame-page.ts says what it holds and why).
 *
 * The query is what the tag on the partner's page said, passed on by widget.js: the reader's
 * languages, the partner, the theme and accent, and the page's origin (where the frame's messages
 * go). It also holds the page's address and referrer, which the widget in the frame reads itself
 * (attribution, as the script mode sends them).
 */
import { Hono } from 'hono';
import { publicCampaign } from '../../campaigns/public-campaign.ts';
import { issueFormToken } from '../../secrets/crypto.ts';
import type { Asset } from '../assets.ts';
import { frameCsp, framePage, parentOrigin } from '../frame-page.ts';
import { ProblemError } from '../problem.ts';
import type { PublicDeps } from './public-deps.ts';
import { campaignOr404 } from './public-deps.ts';

/** What the frame page needs. */
export type EmbedDeps = Pick<PublicDeps, 'campaigns' | 'partners' | 'secret'> & {
  widget: () => Asset | undefined;
};

/** A word the tag may carry (a partner slug, a theme), else ''. */
const word = (value: string | undefined) =>
  value && /^[a-z0-9-]{1,64}$/i.test(value) ? value : '';

/** The frame page's route, mounted at `/`. */
export function embedRoutes(deps: EmbedDeps) {
  const app = new Hono();

  app.get('/embed/:slug', async (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    const widget = deps.widget();
    if (!widget) throw new ProblemError(404, 'The widget is not built: run npm run build.');
    const partnerSlug = word(c.req.query('partner'));
    const partner = partnerSlug ? await deps.partners.get(campaign.id, partnerSlug) : undefined;
    const formToken = issueFormToken(deps.secret, campaign.id);
    const answer = publicCampaign(campaign, c.req.query('lang')?.slice(0, 200), formToken, partner);
    const accent = c.req.query('accent') ?? '';
    // The frame's own CSP, and only the campaign's allowed origins may frame it.
    c.header('Content-Security-Policy', frameCsp(campaign.allowedOrigins));
    // The form token inside is fresh each time, as in the campaign's answer.
    c.header('Cache-Control', 'no-store');
    return c.html(
      framePage(answer, {
        src: `/widget.js?v=${widget.hash}`,
        partner: partnerSlug,
        theme: word(c.req.query('theme')),
        accent: /^#(?:[\da-f]{3}){1,2}$/i.test(accent) ? accent : '',
        parent: parentOrigin(c.req.query('origin')),
        recent: c.req.query('recent') !== undefined,
      }),
    );
  });

  return app;
}
