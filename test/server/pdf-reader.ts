/**
 * Reading a PDF back in tests with poppler (pdftotext, pdfinfo), as a person's viewer would, not
 * with the library that wrote it: the text a search or a copy finds, and the page count. Installs
 * poppler-utils and the Noto fonts a delivery pack needs from Debian when it can (test/debian.ts).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { findPackFonts } from '../../server/delivery/pack-fonts.ts';
import { aptInstall, ensureCommand } from '../debian.ts';
import { tempDir } from './helpers.ts';

/** Makes sure the pack's fonts are here (installing Debian's Noto when we can). */
export function ensurePackFonts(): void {
  const fonts = findPackFonts();
  if (!fonts.missingRequired.length && !fonts.missingOptional.length) return;
  aptInstall(['fonts-noto-core', 'fonts-noto-cjk']);
  const again = findPackFonts();
  if (again.missingRequired.length || again.missingOptional.length) {
    console.error(
      'The delivery pack tests need the Noto fonts (Debian/Ubuntu: sudo apt-get install fonts-noto-core fonts-noto-cjk).',
    );
    process.exit(1);
  }
}

/**
 * A PDF's text (pdftotext, in reading order, bidi marks taken out; `layout`: as laid out on the
 * page, a table's row on one line) and its page count.
 */
export function readPdf(
  bytes: Uint8Array,
  layout = false,
): { text: string; pages: number; pageTexts: string[] } {
  const pdftotext = ensureCommand('pdftotext', 'poppler-utils', 'Reading the delivery pack back');
  const pdfinfo = ensureCommand('pdfinfo', 'poppler-utils', 'Reading the delivery pack back');
  const file = path.join(tempDir(), 'pack.pdf');
  fs.writeFileSync(file, bytes);
  const info = execFileSync(pdfinfo, [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  // pdftotext wraps right-to-left stretches in embedding marks (U+202A-U+202E): not the text.
  const text = execFileSync(
    pdftotext,
    [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    },
  ).replace(/[\u202a-\u202e]/g, '');
  return { text, pages, pageTexts: text.split('\f').slice(0, pages) };
}
