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
] as const;
export type CampaignTab = (typeof CAMPAIGN_TABS)[number][0];

/** A place in the console. */
export type Route =
  | { view: 'campaigns' }
  | { view: 'campaign'; slug: string; tab: CampaignTab }
  | { view: 'embed'; slug: string };

const TAB_NAMES: readonly string[] = CAMPAIGN_TABS.map(([name]) => name);

/** The route of a hash; anything unknown is the campaign list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'campaigns' && parts[1]) {
    const tab = TAB_NAMES.includes(parts[2]) ? (parts[2] as CampaignTab) : 'overview';
    return { view: 'campaign', slug: parts[1], tab };
  }
  if (parts[0] === 'embed') return { view: 'embed', slug: parts[1] ?? '' };
  return { view: 'campaigns' };
}

/** The hash of a route. */
export function routeHref(route: Route): string {
  if (route.view === 'campaign') {
    return `#/campaigns/${encodeURIComponent(route.slug)}/${route.tab}`;
  }
  if (route.view === 'embed') return `#/embed/${encodeURIComponent(route.slug)}`;
  return '#/';
}
