/**
 * Reading direction in a delivery pack, as much of the Unicode bidi algorithm as names, cities
 * and the pack's own sentences need: a line whose first letter is right-to-left (Arabic, Hebrew,
 * ...) lays its words from the right, a stretch of left-to-right words inside it (a Latin name, a
 * date) keeps its order, and the other way round; numbers inside a right-to-left word read left to
 * right; brackets a right-to-left shaper did not see are turned. Pure: words in, words out.
 */

/** A letter of a right-to-left script. */
export const RTL =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const STRONG = /[\p{L}]/u;
/** Numbers (with their group and decimal signs), kept left to right inside right-to-left words. */
export const NUMBER = /(\p{Nd}+(?:[.,\u066b\u066c]\p{Nd}+)*)/u;
export const NUMBER_ONLY = /^\p{Nd}/u;

const MIRRORS: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '«': '»',
  '»': '«',
};
/** Brackets turned, as a right-to-left word shows them. */
export const mirrored = (text: string) => text.replace(/[()[\]«»]/g, (char) => MIRRORS[char]);

/** Whether a line reads right to left: its first letter does. */
export function isRtl(text: string): boolean {
  const first = STRONG.exec(text);
  return first !== null && RTL.test(first[0]);
}

/** A line's words in the order they stand on the page, left to right. */
export function visualOrder(text: string): string[] {
  const lineRtl = isRtl(text);
  // Words of the line's own direction stand alone; the others group while they follow each other.
  const groups: string[][] = [];
  let foreign: string[] | null = null;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const own = lineRtl ? RTL.test(word) : !RTL.test(word);
    if (own) {
      foreign = null;
      groups.push([word]);
    } else if (foreign) foreign.push(word);
    else groups.push((foreign = [word]));
  }
  if (lineRtl) groups.reverse();
  else for (const group of groups) group.reverse();
  return groups.flat();
}
