/**
 * The delivery pack: the PDF an organiser hands to the petition's target. A cover with the
 * campaign's title, the target, the totals (the signatures listed and the audited offset apart,
 * with its reason), the dates covered, the letter and its demands and what the signers were told;
 * then the signers, name and city only (the delivery note's promise), two columns a page, each
 * page numbered and with its count; then the signers by country and city.
 *
 * Streamed: a page is drawn when the reader asks for more bytes (the stream pulls), from rows the
 * storage hands over a chunk at a time, and pdfkit writes each page out when the next begins, so
 * memory holds a page and a chunk whatever the campaign's size (see test/bench/pack.ts).
 */
import PDFDocument from 'pdfkit';
import type { DeliveryFacts } from './delivery-facts.ts';
import { deliveryWords } from './delivery-texts.ts';
import type { PackFonts } from './pack-fonts.ts';
import { CONTENT_WIDTH, PackFlow, PAGE } from './pack-page.ts';
import { PackText } from './pack-text.ts';

/** A signer as the pack lists them: name and city, nothing else. */
export type PackRow = readonly [name: string, city: string];

const ROW = { size: 8.5, leading: 11.5, top: PAGE.margin + 40 } as const;
const COLUMN_GAP = 16;
const COLUMN = (CONTENT_WIDTH - COLUMN_GAP) / 2;
const NAME_WIDTH = COLUMN * 0.58;
const ROWS_PER_COLUMN = 60;
/** Signers a page lists. */
export const PER_PAGE = ROWS_PER_COLUMN * 2;

function cover(flow: PackFlow, facts: DeliveryFacts): void {
  const { texts } = flow.words;
  const say = flow.words.say;
  const letter = facts.texts;
  flow.paragraph(letter.title, 18, { bold: true, after: 10 });
  flow.paragraph(say(texts.to, { target: facts.target }), 11, { after: 16 });
  flow.paragraph(texts.totalHeading, 13, { bold: true });
  flow.paragraph(say(texts.signaturesLine, { count: facts.listed }), 10.5);
  if (facts.offset !== 0) {
    flow.paragraph(say(texts.offsetLine, { count: facts.offset }), 10.5);
    const reason = facts.offsetReason;
    flow.paragraph(reason ? say(texts.offsetReason, { reason }) : texts.offsetNoReason, 9.5);
  }
  flow.paragraph(say(texts.totalLine, { count: facts.listed + facts.offset }), 11, { bold: true });
  flow.y += 6;
  if (facts.firstSigned !== null && facts.lastSigned !== null) {
    const dates = {
      first: flow.words.date(facts.firstSigned),
      last: flow.words.date(facts.lastSigned),
    };
    flow.paragraph(say(texts.datesLine, dates), 10);
  }
  flow.paragraph(say(texts.preparedLine, { date: flow.words.date(facts.now) }), 10, { after: 18 });
  flow.paragraph(letter.letter, 10.5);
  letter.demands.forEach((demand, index) => {
    flow.paragraph(`${flow.words.number(index + 1)}. ${demand}`, 10.5);
  });
  flow.y += 10;
  flow.paragraph(texts.promiseHeading, 11, { bold: true });
  flow.paragraph(letter.deliveryNote, 10);
}

/** One page of signers; `first` is the number (from 1) of its first. */
function listPage(flow: PackFlow, rows: readonly PackRow[], first: number, total: number): void {
  const { texts, say } = flow.words;
  flow.newPage(say(texts.onThisPage, { count: rows.length }));
  const heading = say(texts.signersHeading, { from: first, to: first + rows.length - 1, total });
  flow.cell(heading, 0, CONTENT_WIDTH, PAGE.margin + 12, 11, { bold: true });
  for (let column = 0; column < 2; column++) {
    const from = column * (COLUMN + COLUMN_GAP);
    const headerY = ROW.top - 6;
    flow.cell(texts.nameColumn, from, NAME_WIDTH - 6, headerY, 8, { bold: true });
    flow.cell(texts.cityColumn, from + NAME_WIDTH, COLUMN - NAME_WIDTH, headerY, 8, { bold: true });
  }
  rows.forEach(([name, city], index) => {
    const column = index < ROWS_PER_COLUMN ? 0 : 1;
    const from = column * (COLUMN + COLUMN_GAP);
    const baseline = ROW.top + ROW.leading * ((index % ROWS_PER_COLUMN) + 1);
    flow.cell(name, from, NAME_WIDTH - 6, baseline, ROW.size);
    flow.cell(city, from + NAME_WIDTH, COLUMN - NAME_WIDTH, baseline, ROW.size);
  });
}

function summary(flow: PackFlow, facts: DeliveryFacts, listed: number): void {
  const { texts, say } = flow.words;
  flow.newPage();
  flow.paragraph(texts.placesHeading, 14, { bold: true, after: 8 });
  if (listed === 0) flow.paragraph(texts.noSigners, 10);
  const countryName = (code: string | null) => (code ? facts.countryName(code) : texts.noCountry);
  for (const { country, signatures } of facts.byCountry)
    flow.figure(countryName(country), signatures, 10);
  if (facts.byCity.length) {
    flow.y += 10;
    flow.paragraph(texts.citiesHeading, 12, { bold: true });
    for (const { country, city, signatures } of facts.byCity)
      flow.figure(
        say(texts.cityInCountry, { city, country: countryName(country) }),
        signatures,
        10,
      );
  }
  flow.y += 10;
  if (listed !== facts.listed)
    flow.paragraph(say(texts.mismatchNote, { listed, count: facts.listed }), 10);
  if (flow.missing) flow.paragraph(say(texts.fallbackNote, { count: flow.missing }), 9);
}

/** The pack as a byte stream, drawn as it is read from `rows` (chunks of name and city). */
export function deliveryPack(
  facts: DeliveryFacts,
  rows: AsyncIterator<readonly PackRow[]>,
  fonts: PackFonts,
): ReadableStream<Uint8Array> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    fontLayoutCache: false,
    lang: facts.lang,
    info: { Title: facts.texts.title, Subject: facts.target },
  });
  const words = deliveryWords(facts.lang);
  const flow = new PackFlow(doc, new PackText(doc, fonts), words);
  let out: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => doc.on('end', resolve));

  async function* pages(): AsyncGenerator<void> {
    cover(flow, facts);
    yield;
    let page: PackRow[] = [];
    let listed = 0;
    let next = await rows.next();
    while (!next.done) {
      for (const row of next.value) {
        page.push(row);
        if (page.length === PER_PAGE) {
          listPage(flow, page, listed + 1, facts.listed);
          listed += page.length;
          page = [];
          yield;
        }
      }
      next = await rows.next();
    }
    if (page.length) listPage(flow, page, listed + 1, facts.listed);
    listed += page.length;
    summary(flow, facts, listed);
  }
  const steps = pages();
  const take = () => {
    const bytes = Buffer.concat(out);
    out = [];
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          // A page's bytes come out when the next page begins: draw until some are out (a pull
          // that enqueues nothing is not called again).
          for (;;) {
            const step = await steps.next();
            if (step.done) {
              doc.end();
              await ended;
              const bytes = take();
              if (bytes.length) controller.enqueue(bytes);
              controller.close();
              return;
            }
            const bytes = take();
            if (bytes.length) {
              controller.enqueue(bytes);
              return;
            }
          }
        } catch (error) {
          await rows.return?.();
          controller.error(error);
        }
      },
      async cancel() {
        await rows.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
