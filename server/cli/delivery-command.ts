/**
 * The CLI's delivery pack: the PDF the API's delivery.pdf gives (delivery/delivery-pack.ts),
 * written to a file with a progress bar over the signers listed, on either engine.
 */
import fs from 'node:fs';
import { deliveryFacts } from '../delivery/delivery-facts.ts';
import { deliveryPack } from '../delivery/delivery-pack.ts';
import { findPackFonts, fontWarning } from '../delivery/pack-fonts.ts';
import type { StorageCommand } from './command.ts';
import { named, UsageError } from './command.ts';
import { refuseExisting, writePrivateFile } from './data-commands.ts';
import { progressBar } from './progress.ts';

export const deliveryPackCommand: StorageCommand = {
  name: 'delivery-pack',
  summary: 'Write the delivery pack (PDF: letter, totals, signers by name and city, places)',
  help: `Usage: npm run admin -- delivery-pack <slug> --out <file.pdf> [--lang <tag>] [--force]

What goes to the target: the cover (title, letter and demands, the totals with the offset and
its reason, the dates covered), then every counted signer, name and city only, then the counts
by country and city. Progress goes to stderr. The file is made readable by its owner only.

Options:
  --out <file>   where to write (required)
  --lang <tag>   the pack's language, one the campaign has texts in (default: its default)
  --force        replace the file if it exists
Fonts: Noto (Debian: fonts-noto-core, fonts-noto-cjk), or a folder named by PETITION_FONT_DIR.`,
  options: { out: { type: 'string' }, lang: { type: 'string' }, force: { type: 'boolean' } },
  positionals: [1, 1],
  needsExistingDatabase: true,
  async run(storage, { values, positionals: [slug] }, io) {
    const out = values.out;
    if (typeof out !== 'string' || !out) {
      throw new UsageError('delivery-pack: --out <file> is required (see delivery-pack --help)');
    }
    refuseExisting('delivery-pack', out, values.force);
    const campaign = storage.campaigns.get(slug);
    if (!campaign) throw new UsageError(`delivery-pack: no campaign ${named(slug)}`);
    const fonts = findPackFonts(process.env.PETITION_FONT_DIR);
    const warning = fontWarning(fonts);
    if (fonts.missingRequired.length) throw new UsageError(`delivery-pack: ${warning}`);
    if (warning) io.err.write(`${warning}\n`);
    const lang = typeof values.lang === 'string' ? values.lang : undefined;
    const facts = await deliveryFacts(storage, campaign, lang);
    const bar = progressBar(`${slug} delivery.pdf`, facts.listed, io.err);
    async function* counted() {
      for await (const chunk of storage.exports.deliveryRows(campaign!.id)) {
        bar.add(chunk.length);
        yield chunk;
      }
    }
    await writePrivateFile(out, deliveryPack(facts, counted(), fonts));
    bar.done();
    io.out(`Wrote ${out} (${fs.statSync(out).size} bytes, ${facts.listed} signers).`);
  },
};
