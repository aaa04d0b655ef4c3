/**
 * The confirmation link (`/confirm/{token}`): a GET shows a page with one button and changes
 * nothing, so a mail scanner or a link preview that follows every link confirms nothing; only the
 * button's POST confirms. Both say what became of the link in the reader's language (the link's
 * `?lang=`, which is the signature's, then the browser's), with a 4xx for every link that does not
 * confirm: already confirmed (409), expired (410), unknown (404), damaged (400).
 *
 * A damaged token is told by its MAC before any database read (mail/confirmation-token.ts).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Campaign } from '../../campaigns/campaign.ts';
import { textsFor } from '../../campaigns/campaign.ts';
import { chooseLanguage } from '../../i18n/languages.ts';
import { CONFIRMATION_LANGUAGES, confirmationTexts } from '../../mail/confirmation-texts.ts';
import { readConfirmationToken } from '../../mail/confirmation-token.ts';
import type { TokenState } from '../../storage/confirmation-storage.ts';
import type { AppDeps } from '../app-deps.ts';
import type { ConfirmPageState } from '../confirm-page.ts';
import { CONFIRM_PAGE_CSP, CONFIRM_PAGE_STATUS, confirmPage } from '../confirm-page.ts';

type ConfirmDeps = Pick<AppDeps, 'secret' | 'settings'> & {
  storage: Pick<AppDeps['storage'], 'confirmations'> & {
    campaigns: Pick<AppDeps['storage']['campaigns'], 'byId'>;
  };
};

/** The reader's languages: the link's, the browser's (without weights), the signature's. */
function wantedLanguages(c: Context, signature?: string): string {
  const browser = (c.req.header('accept-language') ?? '')
    .slice(0, 200)
    .split(',')
    .map((part) => part.split(';')[0]);
  return [c.req.query('lang'), ...browser, signature].filter(Boolean).join(',');
}

/** The page state a token's storage state makes (a GET asks; a POST has confirmed). */
function pageState(found: TokenState, posted: boolean): ConfirmPageState {
  switch (found.state) {
    case 'pending':
      return posted ? 'confirmed' : 'ask';
    case 'confirmed':
      return 'already_confirmed';
    default:
      return found.state;
  }
}

/** The confirmation routes, mounted at the root. */
export function confirmRoutes(deps: ConfirmDeps) {
  const app = new Hono();

  const answer = (
    c: Context,
    state: ConfirmPageState,
    campaign: Campaign | undefined,
    lang?: string,
  ) => {
    const wanted = wantedLanguages(c, lang);
    const chosen = campaign
      ? textsFor(campaign, wanted)
      : { lang: chooseLanguage(wanted, CONFIRMATION_LANGUAGES, 'en'), texts: undefined };
    const token = c.req.param('token') ?? '';
    const page = confirmPage({
      state,
      texts: confirmationTexts(chosen.lang),
      lang: chosen.lang,
      title: chosen.texts?.title ?? '',
      action: `/confirm/${encodeURIComponent(token)}?lang=${encodeURIComponent(chosen.lang)}`,
      linkDays: deps.settings.PETITION_CONFIRM_LINK_DAYS,
    });
    c.header('Content-Security-Policy', CONFIRM_PAGE_CSP);
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(page, CONFIRM_PAGE_STATUS[state]);
  };

  const handle = (confirm: boolean) => async (c: Context) => {
    const hash = readConfirmationToken(deps.secret, c.req.param('token') ?? '');
    if (hash === 'tampered') return answer(c, 'tampered', undefined);
    const { confirmations } = deps.storage;
    const found = confirm ? await confirmations.confirm(hash) : await confirmations.lookup(hash);
    if (found.state === 'unknown') return answer(c, 'unknown', undefined);
    const campaign = deps.storage.campaigns.byId(found.campaignId);
    return answer(c, pageState(found, confirm), campaign, found.lang);
  };

  // A GET (and so a HEAD) never confirms: scanners and previews follow links.
  app.get('/confirm/:token', handle(false));
  app.post('/confirm/:token', handle(true));
  return app;
}
