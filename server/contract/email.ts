/**
 * What makes two email addresses one person: the address as stored, the identity that is hashed
 * for dedupe and erasure search, and the addresses refused because they only look like another.
 *
 * Old browsers, IMEs and copy-paste give one address many spellings: full-width letters
 * (`ａｎｎ@`), compatibility forms, invisible characters (`ann\u200b@`, `a\u200dnn@`, a
 * left-to-right mark) and letters of another script that look the same (`\u0430nn@`, a Cyrillic
 * a). Each used to count the same person again. So an address is stored in NFKC (what an IME's
 * full-width `ａｎｎ` means is `ann`), one holding a format or other default-ignorable character is
 * refused, and so is one whose local part or a domain label mixes scripts (see `scriptMixed`).
 * The identity (`emailIdentity`) is what signing, erasure search, secret rotation and the start's
 * upgrade of older rows hash: call `emailHash` (secrets/email-hash.ts), never hash an address
 * some other way.
 *
 * Server-only: the widget imports none of this (it checks EMAIL_PATTERN, which already refuses
 * invisible characters, and hears of the rest in the 422).
 */

/** Characters that show nothing: format characters (\p{Cf}) and other default-ignorables. */
const INVISIBLE = /[\p{Cf}\p{DI}]/u;
const INVISIBLE_ALL = /[\p{Cf}\p{DI}]/gu;

/** The address as it is stored: NFKC, trimmed, the domain lower-cased (the local part as typed). */
export function normaliseEmail(value: string): string {
  const trimmed = value.normalize('NFKC').trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : trimmed.slice(0, at) + '@' + trimmed.slice(at + 1).toLowerCase();
}

/**
 * Who the address is, for the dedupe and erasure hash: stored form, invisible characters removed
 * (a row from before they were refused still matches its person), lower-cased whole (as the hash
 * always was: most providers ignore case, and counting `Ann@` and `ann@` twice would be worse).
 * Identical to the old `email.toLowerCase()` for every ASCII address, so those rows need no
 * rehash; see the engines' email-identity.ts for the others.
 */
export function emailIdentity(email: string): string {
  return normaliseEmail(email).replace(INVISIBLE_ALL, '').toLowerCase().normalize('NFKC');
}

/** Does the address hold a character that shows nothing? */
export function hasInvisible(email: string): boolean {
  return INVISIBLE.test(email);
}

/**
 * Scripts a part of an address may be written in (Unicode's scripts in modern use). Letters of
 * any other script count as one more, so they cannot hide among these either.
 */
const SCRIPTS = [
  'Latn', 'Grek', 'Cyrl', 'Armn', 'Hebr', 'Arab', 'Syrc', 'Thaa', 'Nkoo', 'Deva', 'Beng', 'Guru',
  'Gujr', 'Orya', 'Taml', 'Telu', 'Knda', 'Mlym', 'Sinh', 'Thai', 'Laoo', 'Tibt', 'Mymr', 'Geor',
  'Hang', 'Ethi', 'Cher', 'Cans', 'Khmr', 'Mong', 'Hira', 'Kana', 'Bopo', 'Hani', 'Yiii', 'Tfng',
  'Olck', 'Vaii', 'Adlm', 'Rohg', 'Java', 'Bali', 'Sund', 'Tale', 'Talu', 'Lana', 'Cham', 'Bamu',
  'Lisu', 'Mtei', 'Copt', 'Glag',
] as const; // biome-ignore format: a table

type Script = (typeof SCRIPTS)[number];

/**
 * Scripts written together (UTS #39, "highly restrictive"): Japanese mixes Han, Hiragana and
 * Katakana, Korean Han and Hangul, Chinese Han and Bopomofo, each also with Latin. Any other mix
 * in one part (Latin and Cyrillic, Latin and Greek) is how a look-alike is made.
 */
const TOGETHER: readonly (readonly Script[])[] = [
  ['Latn', 'Hani', 'Hira', 'Kana'],
  ['Latn', 'Hani', 'Hang'],
  ['Latn', 'Hani', 'Bopo'],
];

// Script_Extensions, so a mark or digit shared by several scripts (U+0951, the Arabic-Indic
// digits) goes with any of them; Common and Inherited characters (ASCII digits, dots) with all.
const NEUTRAL = '\\p{scx=Zyyy}\\p{scx=Zinh}';
const USES = new Map(SCRIPTS.map((s) => [s, new RegExp(`\\p{scx=${s}}`, 'u')]));
const OTHER = new RegExp(`[^${NEUTRAL}${SCRIPTS.map((s) => `\\p{scx=${s}}`).join('')}]`, 'u');
const only = (scripts: readonly string[]) =>
  new RegExp(`^[${NEUTRAL}${scripts.map((s) => `\\p{scx=${s}}`).join('')}]*$`, 'u');
const ALLOWED = [...SCRIPTS.map((s) => only([s])), ...TOGETHER.map(only)];

/** Does this part of an address (its local part, a domain label) mix scripts that pass for others? */
export function scriptMixed(part: string): boolean {
  // ASCII is Latin and Common alone: the fast path for nearly every address.
  if (/^\p{ASCII}*$/u.test(part)) return false;
  if (OTHER.test(part)) {
    // A script outside the list: fine alone, never beside a listed one.
    return SCRIPTS.some((script) => USES.get(script)!.test(part));
  }
  return !ALLOWED.some((pattern) => pattern.test(part));
}

/** Why an address (stored form) is refused though its syntax is fine, or null. */
export function emailLookAlike(email: string): 'invisible' | 'mixed_scripts' | null {
  if (hasInvisible(email)) return 'invisible';
  const at = email.lastIndexOf('@');
  const parts = [email.slice(0, at), ...email.slice(at + 1).split('.')];
  return parts.some(scriptMixed) ? 'mixed_scripts' : null;
}
