/**
 * GET /api/campaigns/{slug}/places: where a campaign's signers are, for anyone (a map on a
 * campaign page, a press release). Counts by country, and by city only where at least
 * MIN_CITY_SIGNERS signed there, so no small group of neighbours can be told apart; counted
 * signatures only, never a name. The widget does not load it.
 *
 * Cacheable: shared caches may keep it PLACES_MAX_AGE seconds, and the server itself keeps each
 * campaign's answer as long, so a crowd reading it costs one count a campaign a minute (on
 * PostgreSQL a count groups every row).
 */
import { Hono } from 'hono';
import type { StatsStorage } from '../../storage/stats-storage.ts';
import type { PublicDeps } from './public-deps.ts';
import { campaignOr404 } from './public-deps.ts';

/** The fewest signers a city needs to be named in public. */
export const MIN_CITY_SIGNERS = 10;
/** Seconds an answer may be reused, by the server and by shared caches. */
export const PLACES_MAX_AGE = 60;

/** The public answer. */
export interface Places {
  slug: string;
  /** By country: ISO 3166-1 alpha-2 where the typed name was recognised, else as most typed it. */
  countries: { country: string | null; signatures: number }[];
  /** Cities with at least `minCitySigners` signers (the 100 largest at most). */
  cities: { country: string | null; city: string; signatures: number }[];
  minCitySigners: number;
}

/** The places route, over the statistics of either engine. */
export function placesRoutes(
  deps: Pick<PublicDeps, 'campaigns'>,
  stats: Pick<StatsStorage, 'of'>,
  now = () => Date.now(),
) {
  const app = new Hono();
  const kept = new Map<number, { at: number; answer: Promise<Places> }>();
  app.get('/campaigns/:slug/places', async (c) => {
    const campaign = campaignOr404(deps, c.req.param('slug'));
    let entry = kept.get(campaign.id);
    if (!entry || now() - entry.at > PLACES_MAX_AGE * 1000) {
      const answer = stats.of(campaign.id).then((counted) => ({
        slug: campaign.slug,
        countries: counted.byCountry,
        cities: counted.byCity.filter((city) => city.signatures >= MIN_CITY_SIGNERS),
        minCitySigners: MIN_CITY_SIGNERS,
      }));
      entry = { at: now(), answer };
      kept.set(campaign.id, entry);
      // A failed count is not kept: the next reader asks again.
      answer.catch(() => kept.get(campaign.id) === entry && kept.delete(campaign.id));
    }
    const places = await entry.answer;
    c.header('Cache-Control', `public, max-age=${PLACES_MAX_AGE}`);
    return c.json(places);
  });
  return app;
}
