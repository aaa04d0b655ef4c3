/**
 * The demo campaign, from `seed/petition-page.txt` (Amnesty International Canada's petition to the
 * President of El Salvador), kept as data in `el-salvador.json`: the server reads that file at
 * start (server/campaigns/seed.ts) and creates the campaign when seeding is on. The English texts
 * are the seed's, word for word; the French, Spanish, German and Arabic ones are our translations,
 * so the demo shows the widget in those languages too (Arabic right to left). A reader in any
 * other language sees the whole widget in English. This module gives the same data to tests and
 * benchmarks, read the way the server reads it.
 */
import path from 'node:path';
import { readSeed } from '../server/campaigns/seed.ts';

const seed = readSeed(path.join(import.meta.dirname, 'el-salvador.json'));
if (!seed) throw new Error('demo/el-salvador.json is missing');

/** The seed campaign, as `npm start` creates it when missing. */
export const elSalvador = seed.campaign;

/** The organisation the demo page speaks for. */
export const ORGANISATION = seed.organisation;
