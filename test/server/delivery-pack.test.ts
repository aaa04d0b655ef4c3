/**
 * The delivery pack (GET .../delivery.pdf) on each engine, read back with poppler as a reader's
 * viewer would: every counted signer's name and city in Latin, Arabic, Greek, Cyrillic, Chinese,
 * Japanese, Korean and Devanagari; nothing else (no email, no flagged or unconfirmed row); the
 * totals with the offset and its reason apart; the page count and each page's count; a character
 * no font has shown as its code point and counted, never dropped; the cover in Arabic.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { deliveryPack } from '../../server/delivery/delivery-pack.ts';
import type { DeliveryFacts } from '../../server/delivery/delivery-facts.ts';
import type { PackFonts } from '../../server/delivery/pack-fonts.ts';
import { findPackFonts } from '../../server/delivery/pack-fonts.ts';
import { EACH_ENGINE } from './engine-app.ts';
import type { TestApp } from './engine-app.ts';
import { tempDir, validBody } from './helpers.ts';
import { cli, databaseOf } from './cli-fixture.ts';
import { ensurePackFonts, readPdf } from './pdf-reader.ts';

/** Names in the scripts the issue names, and the city each typed. */
const PEOPLE = [
  ['José', 'Martínez', 'San Salvador'],
  ['محمد', 'الأحمد', 'القاهرة'],
  ['Ζωή', 'Παπαδοπούλου', 'Αθήνα'],
  ['Иван', 'Петров', 'Москва'],
  ['小明', '王', '北京'],
  ['はなこ', '山田', '東京'],
  ['민준', '김', '서울'],
  ['अनुष्का', 'शर्मा', 'दिल्ली'],
] as const;

/** 200, a PDF attachment, read back (`layout`: a table's row on one line). */
async function pack(app: TestApp, query = '', layout = false) {
  const response = await app.admin(`/campaigns/el-salvador/delivery.pdf${query}`);
  assert.equal(response.status, 200, await response.clone().text());
  assert.equal(response.headers.get('content-type'), 'application/pdf');
  assert.equal(
    response.headers.get('content-disposition'),
    'attachment; filename="el-salvador-delivery.pdf"',
  );
  assert.equal(response.headers.get('cache-control'), 'no-store');
  return readPdf(new Uint8Array(await response.arrayBuffer()), layout);
}

/** The signers each list page says it holds. */
const perPage = (text: string) =>
  [...text.matchAll(/Signers on this page: (\d+)/g)].map((match) => Number(match[1]));

before(ensurePackFonts);

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`delivery.pdf on ${engine}`, { skip }, () => {
    it('lists every counted signer by name and city in every script, and nothing else', async () => {
      const app = await open();
      for (const [firstName, lastName, city] of PEOPLE)
        assert.equal((await app.sign(validBody({ firstName, lastName, city }))).status, 201);
      // A hieroglyph: no face in the pack has it; shown as its code point, not dropped.
      await app.sign(validBody({ firstName: 'Nefer𓀀', lastName: 'Ra', city: 'Luxor' }));
      await app.sign(
        validBody({ firstName: 'Waiting', lastName: 'Confirmation', city: 'Nowhere' }),
      );
      await app.query("UPDATE signatures SET pending = 1 WHERE first_name = 'Waiting'");
      await app.query(
        "UPDATE campaigns SET signature_count = signature_count - 1 WHERE slug = 'el-salvador'",
      );
      await app.insertRows(20); // 2 of them flagged (First9, First19)
      const offset = await app.admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { offset: 800, offsetReason: 'Paper signatures handed in at the embassy' },
      });
      assert.equal(offset.status, 200);

      const { text, pages, pageTexts } = await pack(app);
      const listed = PEOPLE.length + 1 + 18;
      assert.equal(pages, 3, 'the cover, one page of signers, the places');
      for (const [first, last, city] of PEOPLE) {
        assert.ok(text.includes(`${first} ${last}`), `${first} ${last} is listed`);
        assert.ok(text.includes(city), `${city} is listed`);
      }
      assert.ok(text.includes('NeferU+13000 Ra'), 'the hieroglyph as its code point');
      assert.match(text, /Names with characters no font in this pack can draw: 1\./);
      assert.ok(text.includes('First18 Last18') && text.includes('Montréal'));
      for (const leak of ['@example.org', 'First9 ', 'First19 ', 'Waiting', 'Nowhere', 'oxfam'])
        assert.ok(!text.includes(leak), `${leak} is not in the pack`);

      const cover = pageTexts[0];
      assert.match(cover, new RegExp(`Signed online and listed in this pack: ${listed}\\b`));
      assert.match(cover, /Counted before and not listed here: 800/);
      assert.match(cover, /Why: Paper signatures handed in at the embassy/);
      assert.match(cover, new RegExp(`Total: ${(listed + 800).toLocaleString('en')}`));
      assert.match(cover, /To: Government of El Salvador/);
      assert.match(cover, /Signed from [A-Z][a-z]+ \d+, \d{4} to [A-Z][a-z]+ \d+, \d{4}/);
      assert.deepEqual(perPage(text), [listed]);
      assert.match(pageTexts[1], new RegExp(`Signers 1 to ${listed} of ${listed}`));
      assert.match(pageTexts[2], /Where the signers are/);
      const places = (await pack(app, '', true)).pageTexts[2];
      assert.match(places, /Canada\s+18\n/);
      assert.match(places, /Country not given\s+9\n/);
      assert.match(places, /Toronto \(Canada\)\s+10\n/);
      assert.match(
        places,
        /Montréal \(Canada\)\s+8\n/,
        "First9 and First19 (flagged) are Montréal's",
      );
      assert.ok(!/signatures changed while this pack was made/.test(text));
    });

    it('numbers its pages and counts each one, for any number of signers', async () => {
      const app = await open();
      await app.insertRows(300); // 270 counted, 120 a page
      const { text, pages, pageTexts } = await pack(app);
      assert.equal(pages, 1 + 3 + 1);
      assert.deepEqual(perPage(text), [120, 120, 30]);
      for (const [index, page] of pageTexts.entries())
        assert.match(page, new RegExp(`Page ${index + 1}\\b`));
      assert.match(pageTexts[2], /Signers 121 to 240 of 270/);
      assert.match(pageTexts[3], /Signers 241 to 270 of 270/);
    });

    it('is written by the CLI to an owner-only file, with progress, as the API serves it', async () => {
      const app = await open();
      await app.insertRows(300);
      await app.sign(validBody({ firstName: 'Ζωή', lastName: 'Παπαδοπούλου', city: 'Αθήνα' }));
      const out = path.join(tempDir(), 'pack.pdf');
      const result = await cli(databaseOf(app), 'delivery-pack', 'el-salvador', '--out', out);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /\[#{30}\] 100% 271\/271/);
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const file = readPdf(fs.readFileSync(out));
      const api = await pack(app);
      assert.equal(file.pages, api.pages);
      assert.ok(file.text.includes('Ζωή Παπαδοπούλου'));
      assert.deepEqual(perPage(file.text), perPage(api.text));
      const again = await cli(databaseOf(app), 'delivery-pack', 'el-salvador', '--out', out);
      assert.equal(again.code, 2, 'no overwrite without --force');
    });

    it("is written in the language asked for, right to left in Arabic, with Arabic's digits", async () => {
      const app = await open();
      await app.sign(validBody({ firstName: 'محمد', lastName: 'الأحمد', city: 'القاهرة' }));
      const { text } = await pack(app, '?lang=ar');
      assert.ok(text.includes('محمد الأحمد'));
      // pdftotext puts the colon of a right-to-left line after the number it reads left to right.
      assert.match(text, /المجموع:? ?٧٨٦|المجموع٧٨٦ :/, 'the total, 785 + 1, in Arabic digits');
      assert.match(text, /الصفحة ٢/);
    });
  });
}

describe('a script whose font is missing', () => {
  it('shows its names as code points and says how many, rather than dropping them', async () => {
    const real = findPackFonts();
    const withoutDevanagari: PackFonts = {
      ...real,
      face: (name) => (name === 'devanagari' ? null : real.face(name)),
      locate: (file) => (file.includes('Devanagari') ? null : real.locate(file)),
    };
    const facts: DeliveryFacts = {
      lang: 'en',
      texts: {
        title: 'A title',
        description: '',
        callToAction: '',
        letter: 'A letter.',
        demands: [],
        deliveryNote: 'Name and city.',
        privacyNote: '',
        privacyUrl: '',
        optInLabel: '',
      },
      target: 'A target',
      listed: 2,
      offset: 0,
      offsetReason: null,
      firstSigned: null,
      lastSigned: null,
      now: Date.UTC(2026, 11, 8),
      byCountry: [],
      byCity: [],
      countryName: (code) => code,
    };
    async function* rows() {
      yield [
        ['अनुष्का शर्मा', 'Pune'],
        ['Ana Silva', 'Porto'],
      ] as [string, string][];
    }
    const bytes = new Uint8Array(
      await new Response(deliveryPack(facts, rows(), withoutDevanagari)).arrayBuffer(),
    );
    const { text } = readPdf(bytes);
    assert.ok(text.includes('U+0905 U+0928 U+0941'), 'अनु as code points');
    assert.ok(text.includes('Ana Silva') && text.includes('Pune'));
    assert.match(text, /Names with characters no font in this pack can draw: 1\./);
  });
});
