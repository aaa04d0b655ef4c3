/** The demo campaign reproduces the seed page's texts faithfully. */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { elSalvador, ORGANISATION } from '../../demo/el-salvador.ts';

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
// Lines of the seed that describe the page's structure, not its content.
const STRUCTURE =
  /^(Form Section Structure|Campaign Section Structure|Action Counter and Offset|Scripts Block|in El Salvador|• )/;

describe('demo campaign', () => {
  it('holds every content line of seed/petition-page.txt', () => {
    const seed = fs.readFileSync(
      new URL('../../demo/seed/petition-page.txt', import.meta.url),
      'utf8',
    );
    const en = elSalvador.texts.en!;
    const all = squash(
      [
        ORGANISATION,
        en.title,
        en.description,
        en.callToAction,
        en.letter,
        ...en.demands,
        en.deliveryNote,
        en.privacyNote,
        en.photoCredit,
        en.strings?.heading,
      ].join(' '),
    );
    const lines = seed
      .split('\n')
      .map(squash)
      .filter((line) => line && !STRUCTURE.test(line) && !/people have taken action/.test(line));
    assert.ok(lines.length >= 15, `${lines.length} content lines`);
    for (const line of lines)
      assert.ok(all.includes(line), `missing from the demo campaign: ${line}`);
    for (const bullet of seed.split('\n').filter((line) => line.startsWith('• '))) {
      assert.ok(en.demands.includes(squash(bullet.slice(2))), `missing demand: ${bullet}`);
    }
    assert.match(seed, new RegExp(`${elSalvador.offset} people have taken action`));
    assert.equal(elSalvador.target, 'Government of El Salvador');
  });
});
