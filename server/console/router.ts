/**
 * Where the console is, in the URL's hash (#/campaigns/el-salvador/texts), so the back button,
 * reloads and links work without any server route but /admin. Never holds a key or an email.
 */

/** The views of a campaign's page, in the order of its tabs. */
export const CAMPAIGN_TABS = [
  ['overview', 'Overview'],
  ['counter', 'Counter and status'],
  ['texts', 'Texts'],
  ['flagged', 'Flagged'],
  ['data', 'Exports and erasure'],
  ['partners', 'Partners'],
  ['places', 'Places'],
] as const;
export type CampaignTab = (typeof CAMPAIGN_TABS)[number][0];

/** The tabs a partner key may open: its counts and its supporters' export. */
export const PARTNER_TABS: readonly CampaignTab[] = ['overview', 'data'];

/** A place in the console. */
export type Route =
  | { view: 'campaigns' }
  | { view: 'campaign'; slug: string; tab: CampaignTab }
  | { view: 'embed'; slug: string }
  | { view: 'keys' }
  | { view: 'new' }
  | { view: 'webhooks' };

const TAB_NAMES: readonly string[] = CAMPAIGN_TABS.map(([name]) => name);

/** The route of a hash; anything unknown is the campaign list. */
export function parseRoute(hash: string): Route {
  let parts: string[];
  try {
    parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  } catch {
    return { view: 'campaigns' }; // a malformed escape: start from the list
  }
  if (parts[0] === 'campaigns' && parts[1]) {
    const tab = TAB_NAMES.includes(parts[2]) ? (parts[2] as CampaignTab) : 'overview';
    return { view: 'campaign', slug: parts[1], tab };
  }
  if (parts[0] === 'embed') return { view: 'embed', slug: parts[1] ?? '' };
  if (parts[0] === 'keys') return { view: 'keys' };
  if (parts[0] === 'new') return { view: 'new' };
  if (parts[0] === 'webhooks') return { view: 'webhooks' };
  return { view: 'campaigns' };
}

/** The hash of a route. */
export function routeHref(route: Route): string {
  if (route.view === 'campaign') {
    return `#/campaigns/${encodeURIComponent(route.slug)}/${route.tab}`;
  }
  if (route.view === 'embed') return `#/embed/${encodeURIComponent(route.slug)}`;
  if (route.view === 'keys') return '#/keys';
  if (route.view === 'new') return '#/new';
  if (route.view === 'webhooks') return '#/webhooks';
  return '#/';
}
