/**
 * Text on a delivery pack's pages, drawn without pdfkit's text layout: `doc.text()` measured
 * 160 µs a call here and its layout cache keeps every word it ever met, so a million names cost
 * minutes and grew without bound. Instead a name is cut into words, each word into runs of one face
 * (script-faces.ts), each run shaped once by fontkit (pdfkit's font.encode: ligatures, Arabic
 * joining, Devanagari conjuncts, marks placed) and kept in a bounded cache, and written as one
 * `TJ` operator with the shaper's offsets. Names repeat their words (first names, family names,
 * cities), so most words are shaped once.
 *
 * Direction: a line whose first strong letter is right-to-left (Arabic, Hebrew, ...) lays its words
 * from the right; fontkit already returns a right-to-left word's glyphs in visual order. A glyph
 * for several letters (the lam-alef ligature) maps back to them in visual order for text
 * extraction, as pdftotext reads right-to-left lines from the right (without it "الأحمد" read back
 * as "األحمد"). Mixed directions inside one word are not reordered (a simplification of the
 * Unicode bidi algorithm that names hardly need).
 */
import type { FaceKey, FaceRun } from './script-faces.ts';
import { codePointsOf, faceRuns } from './script-faces.ts';
import type { NamedFace, PackFonts } from './pack-fonts.ts';
import { mirrored, NUMBER, NUMBER_ONLY, RTL, visualOrder } from './text-direction.ts';

/** What pdfkit's embedded font offers (not in its typings): shaping into its subset. */
interface EmbeddedFont {
  id: string;
  font: { hasGlyphForCodePoint(codePoint: number): boolean };
  unicode: number[][];
  encode(text: string): [string[], GlyphPosition[]];
  ref(): unknown;
}
interface GlyphPosition {
  xAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
/** The parts of the document used here (its current page's font resources are not typed). */
type Doc = PDFKit.PDFDocument & {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown> };
};

/** One shaped run: its font, its `TJ` array body, its advance in 1/1000 em. */
interface Shaped {
  font: EmbeddedFont;
  tj: string;
  rise: boolean;
  width: number;
}
/** A shaped word: its runs left to right, width in 1/1000 em, whether a character had no face. */
interface Word {
  runs: Shaped[];
  width: number;
  missing: boolean;
}

/** Words kept shaped; past this the cache starts over (memory stays bounded). */
const CACHE_WORDS = 20_000;

/**
 * Faces whose shaping moves letters (a Devanagari i-sign drawn before its consonant, a reph after
 * it): the glyphs' order is not the text's, so the run carries its text (ActualText) for search
 * and extraction (without it "शर्मा" read back as "शमार्"). Other scripts' own Noto files too.
 */
const REORDERING = new Set<FaceKey>(['devanagari']);

/** A run with its text attached (a marked-content span with ActualText, UTF-16BE). */
function actualText(run: Shaped, text: string): Shaped {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0');
  return { ...run, tj: `] TJ /Span <</ActualText <${hex}>>> BDC [${run.tj}] TJ EMC [` };
}

const num = (n: number) => String(Math.round(n * 100) / 100);
/** A scale: glyph units to points is about 0.01, so it needs more digits than a position. */
const scale = (n: number) => String(Math.round(n * 1e7) / 1e7);

/** Draws and measures text in the pack's faces. */
export class PackText {
  readonly #doc: Doc;
  readonly #fonts: PackFonts;
  readonly #loaded = new Map<FaceKey, EmbeddedFont | null>();
  readonly #words = new Map<string, Word>();
  readonly #fixedLigatures = new Set<string>();

  constructor(doc: PDFKit.PDFDocument, fonts: PackFonts) {
    this.#doc = doc as Doc;
    this.#fonts = fonts;
  }

  /** A face's font in this document, loaded on first use; null when its file is missing. */
  #font(face: FaceKey): EmbeddedFont | null {
    if (!this.#loaded.has(face)) {
      let at: { path: string; family?: string } | null;
      if (face.startsWith('file:')) {
        const found = this.#fonts.locate(face.slice('file:'.length));
        at = found ? { path: found } : null;
      } else at = this.#fonts.face(face as NamedFace);
      let font: EmbeddedFont | null = null;
      if (at) {
        this.#doc.registerFont(face, at.path, at.family as string);
        this.#doc.font(face);
        font = this.#doc._font;
      }
      this.#loaded.set(face, font);
    }
    return this.#loaded.get(face)!;
  }

  #has = (face: FaceKey, codePoint: number) =>
    this.#font(face)?.font.hasGlyphForCodePoint(codePoint) ?? false;

  #shape(face: FaceKey, text: string, rtl: boolean): Shaped {
    const font = this.#font(face)!;
    const [hex, positions] = font.encode(text);
    const parts: string[] = [];
    let width = 0;
    let rise = false;
    for (let i = 0; i < hex.length; i++) {
      const { xAdvance, xOffset, yOffset, advanceWidth } = positions[i];
      if (xOffset) parts.push(num(-xOffset));
      // A raised or lowered mark: its own rise, then back to the baseline.
      if (yOffset) {
        parts.push(`] TJ ${num(yOffset)} Ts [<${hex[i]}>] TJ 0 Ts [`);
        rise = true;
      } else parts.push(`<${hex[i]}>`);
      const after = xAdvance - advanceWidth - xOffset;
      if (after) parts.push(num(-after));
      width += xAdvance;
      if (rtl) this.#visualLigature(font, hex[i]);
    }
    return { font, tj: parts.join(' '), rise, width };
  }

  /** A right-to-left glyph for several letters maps to them in visual order (see top). */
  #visualLigature(font: EmbeddedFont, hex: string): void {
    const key = `${font.id}:${hex}`;
    if (this.#fixedLigatures.has(key)) return;
    this.#fixedLigatures.add(key);
    const gid = Number.parseInt(hex, 16);
    const letters = font.unicode[gid];
    if (letters && letters.length > 1) font.unicode[gid] = [...letters].reverse();
  }

  #word(text: string, bold: boolean): Word {
    const key = (bold ? 'b' : 'r') + text;
    let word = this.#words.get(key);
    if (word) return word;
    let missing = false;
    const rtl = RTL.test(text);
    const shapeRuns = (piece: string) =>
      (faceRuns(piece, this.#has) as FaceRun[]).map((run) => {
        let face: FaceKey = run.face ?? 'sans';
        let shown = run.text;
        if (run.face === null) {
          missing = true;
          shown = codePointsOf(run.text);
        }
        if (bold && face === 'sans') face = 'bold';
        if (bold && face === 'arabic') face = 'arabicBold';
        // Brackets a right-to-left word's shaper did not see are turned as it would turn them.
        if (rtl && face !== 'arabic' && face !== 'arabicBold') shown = mirrored(shown);
        const shaped = this.#shape(face, shown, rtl && run.face !== null);
        const attach = REORDERING.has(face) || (face.startsWith('file:') && !rtl);
        return attach ? actualText(shaped, shown) : shaped;
      });
    let runs: Shaped[];
    if (!rtl) runs = shapeRuns(text);
    else {
      // Right to left, but numbers inside read left to right: the shaper would turn "٣٠٠" (Arabic
      // digits are of the Arabic script) around, so each digit is shaped alone, kept in order.
      const pieces = text.split(NUMBER).filter(Boolean);
      runs = pieces
        .reverse()
        .flatMap((piece) =>
          NUMBER_ONLY.test(piece) ? [...piece].flatMap(shapeRuns) : shapeRuns(piece).reverse(),
        );
    }
    word = { runs, width: runs.reduce((sum, run) => sum + run.width, 0), missing };
    if (this.#words.size >= CACHE_WORDS) this.#words.clear();
    this.#words.set(key, word);
    return word;
  }

  /** The shaped words of a line in visual order (left to right), and the space between them. */
  #line(text: string, bold: boolean) {
    const words = visualOrder(text).map((word) => this.#word(word, bold));
    const space = this.#word('-', bold).width * 0.8;
    const gaps = space * Math.max(0, words.length - 1);
    const width = words.reduce((sum, word) => sum + word.width, 0) + gaps;
    return { words, space, width };
  }

  /** A line's width in points at `size`. */
  width(text: string, size: number, bold = false): number {
    return (this.#line(text, bold).width * size) / 1000;
  }

  /**
   * Draws one line with its baseline at `y`, from `x` (align start) or ending at `x + width`
   * (align end), squeezed sideways to fit `width` when wider. Returns whether a character was
   * shown as its code point for want of a font.
   */
  draw(
    text: string,
    at: {
      x: number;
      y: number;
      size: number;
      width: number;
      align?: 'left' | 'right';
      bold?: boolean;
    },
  ): boolean {
    const line = this.#line(text, at.bold ?? false);
    const natural = (line.width * at.size) / 1000;
    const squeeze = natural > at.width ? at.width / natural : 1;
    const left = at.align === 'right' ? at.x + at.width - natural * squeeze : at.x;
    const sx = (at.size / 1000) * squeeze;
    const ops = [`q ${scale(sx)} 0 0 ${scale(-at.size / 1000)} ${num(left)} ${num(at.y)} cm BT`];
    const pageFonts = this.#doc.page.fonts;
    let x = 0;
    let missing = false;
    for (const word of line.words) {
      missing ||= word.missing;
      for (const run of word.runs) {
        pageFonts[run.font.id] ??= run.font.ref();
        ops.push(`/${run.font.id} 1000 Tf 1 0 0 1 ${num(x)} 0 Tm [${run.tj}] TJ`);
        x += run.width;
      }
      x += line.space;
    }
    ops.push('ET Q');
    this.#doc.addContent(ops.join('\n'));
    return missing;
  }

  /** Breaks a paragraph into lines no wider than `width` points at `size`. */
  wrap(text: string, width: number, size: number, bold = false): string[] {
    const limit = (width * 1000) / size;
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const word of paragraph.split(/\s+/).filter(Boolean)) {
        const next = line ? `${line} ${word}` : word;
        if (line && this.#line(next, bold).width > limit) {
          lines.push(line);
          line = word;
        } else line = next;
      }
      lines.push(line);
    }
    return lines;
  }
}
