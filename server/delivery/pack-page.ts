/**
 * A delivery pack's pages as a flow of lines: the A4 page, its margins, where the next line goes,
 * a new page (with its number in the footer) when the page is full, and the reading direction of
 * the pack's language, so an Arabic pack starts its lines and its columns on the right.
 */
import type { DeliveryWords } from './delivery-texts.ts';
import type { PackText } from './pack-text.ts';

export const PAGE = { width: 595.28, height: 841.89, margin: 48 } as const;
/** Where the body of a page ends: the footer goes below. */
export const BODY_BOTTOM = PAGE.height - PAGE.margin - 18;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

/** The pack's flow: page after page, line after line, in the pack's direction. */
export class PackFlow {
  readonly doc: PDFKit.PDFDocument;
  readonly text: PackText;
  readonly words: DeliveryWords;
  /** Pages begun so far (the current one's number). */
  page = 0;
  /** The next line's top. */
  y = 0;
  /** Names or texts drawn with a character no font had (shown as code points). */
  missing = 0;

  constructor(doc: PDFKit.PDFDocument, text: PackText, words: DeliveryWords) {
    this.doc = doc;
    this.text = text;
    this.words = words;
  }

  /** Begins a page with its number in the footer (and `footnote` beside it: a count). */
  newPage(footnote?: string): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.page++;
    this.y = PAGE.margin;
    const footer = this.words.say(this.words.texts.pageFooter, { page: this.page });
    const y = PAGE.height - PAGE.margin + 4;
    this.cell(footer, 0, CONTENT_WIDTH, y, 8, { end: true });
    if (footnote) this.cell(footnote, 0, CONTENT_WIDTH, y, 8);
  }

  /**
   * Draws one line in a column that starts `from` points after the page's start edge (left, or
   * right in a right-to-left pack) and is `width` wide; `end` aligns it to the column's far edge.
   */
  cell(
    text: string,
    from: number,
    width: number,
    baseline: number,
    size: number,
    options: { bold?: boolean; end?: boolean } = {},
  ): void {
    const rtl = this.words.rtl;
    const x = rtl ? PAGE.width - PAGE.margin - from - width : PAGE.margin + from;
    const right = rtl !== (options.end ?? false);
    if (
      this.text.draw(text, {
        x,
        y: baseline,
        size,
        width,
        align: right ? 'right' : 'left',
        bold: options.bold,
      })
    )
      this.missing++;
  }

  /** Room for `height` more points on this page, or a new page. */
  room(height: number): void {
    if (this.page === 0 || this.y + height > BODY_BOTTOM) this.newPage();
  }

  /** A paragraph, wrapped to the content's width, page after page as needed. */
  paragraph(text: string, size: number, options: { bold?: boolean; after?: number } = {}): void {
    const leading = size * 1.4;
    for (const line of this.text.wrap(text, CONTENT_WIDTH, size, options.bold)) {
      this.room(leading);
      this.cell(line, 0, CONTENT_WIDTH, this.y + size, size, options);
      this.y += leading;
    }
    this.y += options.after ?? size * 0.6;
  }

  /** A table row: a label on the start side, a number on the far side. */
  figure(label: string, value: number, size: number, bold = false): void {
    const leading = size * 1.5;
    this.room(leading);
    this.cell(label, 0, CONTENT_WIDTH - 90, this.y + size, size, { bold });
    this.cell(this.words.number(value), CONTENT_WIDTH - 80, 80, this.y + size, size, {
      bold,
      end: true,
    });
    this.y += leading;
  }
}
