/**
 * Which face draws each character of a name: no single font covers every script people write
 * their names in, so a name is cut into runs, each drawn with the face of its script: Noto Sans
 * for Latin, Greek and Cyrillic, Noto Sans Arabic, Devanagari, CJK (Japanese shapes when the name
 * has kana), and for other scripts the Noto Sans (or Serif) file named after the script.
 *
 * Punctuation, digits and spaces (Unicode's Common script) and combining marks stay in the run
 * they are in, so a mark is shaped with its letter. A character no face has is not dropped: it is
 * drawn as its code point (U+0F40) in the Latin face, and the pack counts the names it happened in
 * and says so (delivery-pack.ts). Pure: which face has a glyph is asked of `has`.
 */
import type { NamedFace } from './pack-fonts.ts';

/** A face: one of the named ones, or a Noto file found by script (`file:NotoSansThai-Regular.ttf`). */
export type FaceKey = NamedFace | `file:${string}`;

/** Unicode scripts with a Noto file of their own (file name: NotoSans + the name). */
const FILE_SCRIPTS = [
  'Hebrew',
  'Thai',
  'Bengali',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Gujarati',
  'Gurmukhi',
  'Oriya',
  'Sinhala',
  'Georgian',
  'Armenian',
  'Ethiopic',
  'Khmer',
  'Lao',
  'Myanmar',
  'Thaana',
  'Syriac',
  'Mongolian',
  'Nko',
  'Cherokee',
  'Tifinagh',
  'Yi',
  'Javanese',
  'Sundanese',
  'Canadian_Aboriginal',
  'Ol_Chiki',
  'Adlam',
  'Vai',
  'Tibetan',
  'Balinese',
  'Lisu',
  'Osage',
] as const;

/** Noto names a few files otherwise than the script is named. */
const FILE_NAMES: Partial<Record<(typeof FILE_SCRIPTS)[number], string[]>> = {
  Nko: ['NotoSansNKo-Regular.ttf'],
  Tibetan: ['NotoSerifTibetan-Regular.ttf'],
};

const SCRIPT_FILES = FILE_SCRIPTS.map((script) => ({
  pattern: new RegExp(`\\p{Script=${script}}`, 'u'),
  files: FILE_NAMES[script] ?? [
    `NotoSans${script.replaceAll('_', '')}-Regular.ttf`,
    `NotoSerif${script.replaceAll('_', '')}-Regular.ttf`,
  ],
}));

const ARABIC = /\p{Script=Arabic}/u;
const DEVANAGARI = /\p{Script=Devanagari}/u;
const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** Characters that belong to whatever run they are in (Common and Inherited scripts). */
const SHARED = /[\p{Script=Common}\p{Script=Inherited}]/u;
/** Marks and joiners: always with the character before them. */
const ATTACHED = /\p{M}|\u200c|\u200d|[\ufe00-\ufe0f]/u;

/** Faces tried, in order, for a character its own script's face lacks. */
const FALLBACKS: readonly FaceKey[] = [
  'sans',
  'arabic',
  'devanagari',
  'cjk',
  'file:NotoSansSymbols-Regular.ttf',
  'file:NotoSansSymbols2-Regular.ttf',
];

/** A stretch of text drawn with one face; `face` null: no face has it (shown as code points). */
export interface FaceRun {
  face: FaceKey | null;
  text: string;
}

/** The face a character's own script asks for, before asking whether it has the glyph. */
function scriptFace(char: string, japanese: boolean): FaceKey[] {
  if (ARABIC.test(char)) return ['arabic'];
  if (DEVANAGARI.test(char)) return ['devanagari'];
  if (CJK.test(char)) return [japanese ? 'cjkJapanese' : 'cjk'];
  for (const { pattern, files } of SCRIPT_FILES)
    if (pattern.test(char)) return files.map((file) => `file:${file}` as const);
  return ['sans'];
}

/**
 * Cuts `text` into runs of one face each. `has(face, codePoint)` says whether a face is present
 * and has the glyph.
 */
export function faceRuns(text: string, has: (face: FaceKey, codePoint: number) => boolean) {
  const japanese = KANA.test(text);
  const runs: FaceRun[] = [];
  let current: FaceRun | undefined;
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    let face: FaceKey | null;
    if (current && ATTACHED.test(char)) face = current.face;
    else if (current?.face && SHARED.test(char) && has(current.face, codePoint))
      face = current.face;
    else {
      const wanted = SHARED.test(char) ? ['sans' as const] : scriptFace(char, japanese);
      face = [...wanted, ...FALLBACKS].find((candidate) => has(candidate, codePoint)) ?? null;
    }
    if (current && current.face === face) current.text += char;
    else runs.push((current = { face, text: char }));
  }
  return runs;
}

/** How a character no face has is drawn: its code point, which a reader can still look up. */
export function codePointsOf(text: string): string {
  return [...text]
    .map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)
    .join(' ');
}
