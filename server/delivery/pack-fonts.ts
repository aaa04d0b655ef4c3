/**
 * The font files a delivery pack embeds, found on this machine: Noto, as Debian's fonts-noto-core
 * (Latin, Greek, Cyrillic, Arabic, Devanagari and some 150 other scripts) and fonts-noto-cjk
 * (Chinese, Japanese, Korean) install it, or in PETITION_FONT_DIR.
 *
 * The scripts the interface speaks (Latin and Arabic) are required: without them there is no pack,
 * and the route says which package to install (503, retryable) instead of failing half-way. The
 * others only draw names typed in them: a pack made without them shows such a name's characters
 * as code points and says so (script-faces.ts), and the server says at start what is missing. A
 * font is read when a pack first needs it (the CJK collection is 19 MB), never at start.
 */
import fs from 'node:fs';
import path from 'node:path';

/** The faces the pack draws with by name; others are found by script (script-faces.ts). */
export const FACES = {
  sans: { file: 'NotoSans-Regular.ttf', package: 'fonts-noto-core' },
  bold: { file: 'NotoSans-Bold.ttf', package: 'fonts-noto-core' },
  arabic: { file: 'NotoSansArabic-Regular.ttf', package: 'fonts-noto-core' },
  arabicBold: { file: 'NotoSansArabic-Bold.ttf', package: 'fonts-noto-core' },
  devanagari: { file: 'NotoSansDevanagari-Regular.ttf', package: 'fonts-noto-core' },
  // One collection, two faces: Han characters are drawn as Chinese readers expect unless the name
  // has kana, and then as Japanese readers do (the same code points, different shapes).
  cjk: {
    file: 'NotoSansCJK-Regular.ttc',
    family: 'NotoSansCJKsc-Regular',
    package: 'fonts-noto-cjk',
  },
  cjkJapanese: {
    file: 'NotoSansCJK-Regular.ttc',
    family: 'NotoSansCJKjp-Regular',
    package: 'fonts-noto-cjk',
  },
} as const satisfies Record<string, { file: string; family?: string; package: string }>;

export type NamedFace = keyof typeof FACES;

/** The faces without which no pack is made: the interface's scripts. */
const REQUIRED: readonly NamedFace[] = ['sans', 'bold', 'arabic', 'arabicBold'];

/** Where distributions put Noto (Debian and Ubuntu first; Fedora, Arch, Alpine after). */
const SYSTEM_DIRS = [
  '/usr/share/fonts/truetype/noto',
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/google-noto',
  '/usr/share/fonts/google-noto-vf',
  '/usr/share/fonts/google-noto-sans-cjk-fonts',
  '/usr/share/fonts/google-noto-cjk',
];

/** How to get the fonts on the machines we know. */
export const FONT_INSTALL =
  'Debian/Ubuntu: apt-get install fonts-noto-core fonts-noto-cjk; elsewhere put the Noto Sans files (NotoSans-Regular.ttf, NotoSansArabic-Regular.ttf, ...) in a folder named by PETITION_FONT_DIR';

/** The font files found, by name; what is missing, and what that means. */
export interface PackFonts {
  /** A file by its name, from the first folder that has it; null when none has. */
  locate(file: string): string | null;
  /** A named face's file and (for a collection) the face's PostScript name; null when missing. */
  face(name: NamedFace): { path: string; family?: string } | null;
  /** Required faces that are missing: no pack can be made. */
  missingRequired: NamedFace[];
  /** Other named faces that are missing: names in their scripts show as code points. */
  missingOptional: NamedFace[];
}

/** Looks for the fonts in `extraDir` (PETITION_FONT_DIR), then in the system's folders. */
export function findPackFonts(extraDir?: string): PackFonts {
  const dirs = [...(extraDir ? [extraDir] : []), ...SYSTEM_DIRS].filter((dir) => {
    try {
      return fs.statSync(dir).isDirectory();
    } catch {
      return false;
    }
  });
  const found = new Map<string, string | null>();
  const locate = (file: string) => {
    if (!found.has(file)) {
      const at = dirs
        .map((dir) => path.join(dir, file))
        .find((candidate) => fs.existsSync(candidate));
      found.set(file, at ?? null);
    }
    return found.get(file)!;
  };
  const face = (name: NamedFace) => {
    const wanted: { file: string; family?: string } = FACES[name];
    const at = locate(wanted.file);
    return at ? { path: at, family: wanted.family } : null;
  };
  const names = Object.keys(FACES) as NamedFace[];
  return {
    locate,
    face,
    missingRequired: REQUIRED.filter((name) => !face(name)),
    missingOptional: names.filter((name) => !REQUIRED.includes(name) && !face(name)),
  };
}

/** What a server should say at start about its fonts (null: every named face is there). */
export function fontWarning(fonts: PackFonts): string | null {
  if (fonts.missingRequired.length)
    return `No delivery pack can be made: fonts missing (${fonts.missingRequired.map((name) => FACES[name].file).join(', ')}). ${FONT_INSTALL}.`;
  if (fonts.missingOptional.length)
    return `Delivery packs will show names in some scripts as code points: fonts missing (${[...new Set(fonts.missingOptional.map((name) => FACES[name].file))].join(', ')}). ${FONT_INSTALL}.`;
  return null;
}
