/**
 * The languages this server speaks (one file each in server/i18n/), with their direction and
 * interface texts: the console offers only these for a campaign's texts, edits a right-to-left one
 * right to left, and previews a language no text is saved in yet in its own interface words.
 */
import { Hono } from 'hono';
import { interfaceStrings, LANGUAGES } from '../../i18n/languages.ts';
import type { AdminEnv } from './admin-request.ts';

/** Read once: the files are read at start and never change while the server runs. */
const ANSWER = {
  data: LANGUAGES.map((tag) => {
    const strings = interfaceStrings(tag);
    return { tag, dir: strings.dir, strings };
  }),
};

/** GET /languages. */
export function adminLanguageRoutes() {
  return new Hono<AdminEnv>().get('/languages', (c) => c.json(ANSWER));
}
