/**
 * The demo campaign as data: the seed file (demo/el-salvador.json) holds a campaign, as
 * `npm run admin -- create-campaign` takes one, and the organisation its page at `/` speaks for.
 * The server reads it at start, creates the campaign when seeding is on (PETITION_SEED) and it is
 * missing, and serves its page; no server code imports the demo. The file is checked as the admin
 * API checks a new campaign: a broken one stops the server with a line naming what is wrong.
 */
import fs from 'node:fs';
import * as z from 'zod';
import { createCampaignSchema } from './admin-contract.ts';
import type { NewCampaign } from './campaign.ts';

/** What a seed file holds. */
export interface Seed {
  organisation: string;
  campaign: NewCampaign;
}

const seedSchema = z.strictObject({
  organisation: z.string().trim().min(1).max(200),
  campaign: createCampaignSchema,
});

/** The seed in `file`, or undefined when there is no such file. */
export function readSeed(file: string): Seed | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    throw new Error(`The seed file ${file} is not JSON.`);
  }
  const parsed = seedSchema.safeParse(input);
  if (!parsed.success) {
    const [issue] = parsed.error.issues;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new Error(`The seed file ${file} is not valid: ${where}${issue.message}`);
  }
  const { offsetReason: _, ...campaign } = parsed.data.campaign;
  return { organisation: parsed.data.organisation, campaign };
}
