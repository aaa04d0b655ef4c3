/** CSV exports on each engine: the delivery promise, spreadsheet safety, streaming, headers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvLine } from '../../server/storage/export-csv.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { validBody } from './helpers.ts';

/**
 * A small RFC 4180 parser, enough to read back what we write (quotes, separators, CRLF in cells).
 * `separator` is the one a spreadsheet uses: `,`, or `;` in a German or French locale, where a
 * `;` outside quotes starts a new cell (and a cell starting with `=` is run as a formula).
 */
function parseCsv(text: string, separator = ','): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === separator) {
      record.push(cell);
      cell = '';
    } else if (char === '\r' && text[i + 1] === '\n') {
      record.push(cell);
      records.push(record);
      record = [];
      cell = '';
      i++;
    } else cell += char;
  }
  assert.equal(cell + record.join(''), '', 'the file ends with CRLF');
  return records;
}

async function download(admin: TestApp['admin'], kind: string, separator = ',') {
  const response = await admin(`/campaigns/el-salvador/${kind}.csv`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8; header=present');
  assert.equal(
    response.headers.get('content-disposition'),
    `attachment; filename="el-salvador-${kind}.csv"`,
  );
  assert.equal(response.headers.get('cache-control'), 'no-store');
  const bytes = new Uint8Array(await response.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
  return parseCsv(new TextDecoder().decode(bytes.slice(3)), separator);
}

/** A cell a spreadsheet would run as a formula (OWASP's list). */
const FORMULA = /^[=+\-@\t\r]/;

describe('CSV cells', () => {
  it('neutralises formula starts and quotes per RFC 4180', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      assert.ok(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`));
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
    assert.equal(csvCell(null), '');
    assert.equal(csvLine(['a', 'b']), '"a","b"\r\n');
  });

  it("quotes every cell, so a ; a tab or any other locale's separator inside stays in it", () => {
    assert.equal(csvCell('a;=1+1;b'), '"a;=1+1;b"');
    assert.equal(csvCell('a\t=1+1'), '"a\t=1+1"');
    assert.equal(csvCell('José'), '"José"');
    assert.equal(csvCell(42), '"42"');
    assert.equal(csvCell(''), '""');
    for (const separator of [',', ';', '\t', '|']) {
      const line = csvLine(['a;=1+1;b', 'x\t@SUM(1)|-2', '+3,"=4"']);
      const cells = parseCsv(line, separator)[0];
      assert.ok(
        cells.every((cell) => !FORMULA.test(cell)),
        `no formula under ${JSON.stringify(separator)}: ${JSON.stringify(cells)}`,
      );
    }
  });
});

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`CSV exports on ${engine}`, { skip }, () => {
    describe('delivery.csv', () => {
      it('has exactly name and city, counted rows only, formulas neutralised', async () => {
        const app = await open();
        await app.sign(
          validBody({
            firstName: '=cmd|"/c calc"!A1',
            lastName: 'Smith',
            city: '@SUM(1,2)',
            postalCode: 'H2X 1Y4',
          }),
        );
        await app.sign(validBody({ firstName: 'Zoë', lastName: 'O"Neil, Jr', city: '-Québec' }));
        await app.insertRows(20);
        const records = await download(app.admin, 'delivery');
        assert.deepEqual(records[0], ['name', 'city']);
        assert.ok(
          records.every((record) => record.length === 2),
          'two columns on every line',
        );
        assert.deepEqual(records[1], [`'=cmd|"/c calc"!A1 Smith`, "'@SUM(1,2)"]);
        assert.deepEqual(records[2], ['Zoë O"Neil, Jr', "'-Québec"]);
        assert.equal(records.length - 1, 2 + 18, 'the two flagged rows of 20 are left out');
        const text = JSON.stringify(records);
        for (const leak of ['@example.org', 'H2X', 'CA', 'oxfam', 'honeypot'])
          assert.ok(!text.includes(leak), `${leak} leaked`);
      });
    });

    describe('a hostile name and city', () => {
      it('stay one cell each and run no formula in a spreadsheet whose separator is ;', async () => {
        const app = await open();
        await app.sign(
          validBody({ firstName: 'a;=1+1;b', lastName: 'c;+2', city: 'Köln;@SUM(A1);-3' }),
        );
        for (const kind of ['delivery', 'signatures']) {
          const records = await download(app.admin, kind, ';');
          // Every cell is quoted and the separator is a comma: read with ;, each line is one cell.
          assert.equal(records.length, 2, kind);
          for (const record of records) {
            assert.equal(
              record.length,
              1,
              `${kind}: no ; splits a line: ${JSON.stringify(record)}`,
            );
            assert.ok(!FORMULA.test(record[0]), `${kind}: ${record[0]}`);
          }
          const cells = (await download(app.admin, kind)).slice(1)[0];
          assert.ok(cells.includes('Köln;@SUM(A1);-3'), `${kind} keeps the city as typed`);
        }
        const [, delivery] = await download(app.admin, 'delivery');
        assert.deepEqual(delivery, ['a;=1+1;b c;+2', 'Köln;@SUM(A1);-3']);
      });
    });

    describe('signatures.csv', () => {
      it('holds every field with the consent receipt and attribution, flagged rows included', async () => {
        const app = await open();
        await app.sign(
          validBody({
            optIn: true,
            partner: 'oxfam',
            lang: 'en',
            source: 'https://p.example/x?utm_source=mail',
          }),
          { origin: 'https://p.example' },
        );
        await app.insertRows(2500);
        const records = await download(app.admin, 'signatures');
        const header = records[0];
        assert.deepEqual(header, [
          'id',
          'signed_at',
          'first_name',
          'last_name',
          'email',
          'city',
          'postal_code',
          'country',
          'opt_in',
          'consent_version',
          'consent_lang',
          'partner',
          'origin',
          'referrer',
          'utm',
          'flagged',
          'partner_opt_in',
          'partner_consent_version',
          'partner_consent_lang',
          'pending',
          'confirmed_at',
          'show_in_recent',
        ]);
        assert.equal(records.length - 1, 2501, 'every row, across chunks');
        const first = Object.fromEntries(header.map((name, i) => [name, records[1][i]]));
        // Each cell under its own header (the cells are picked by name from the row's columns).
        assert.deepEqual(
          [first.first_name, first.last_name, first.city, first.postal_code, first.country],
          ['Ada', 'Lovelace', 'London', '', ''],
        );
        assert.match(first.email, /^ada\.\d+\.\d+@example\.org$/);
        assert.equal(first.opt_in, 'yes');
        assert.match(first.consent_version, /^[0-9a-f]{16}$/);
        assert.equal(first.consent_lang, 'en');
        assert.equal(first.partner, 'oxfam');
        assert.equal(first.origin, 'https://p.example');
        assert.equal(first.utm, '{"utm_source":"mail"}');
        assert.equal(
          first.partner_opt_in,
          '',
          'oxfam is not a known partner here: nobody was asked',
        );
        assert.equal(first.show_in_recent, 'no', 'the box left unticked');
        assert.ok(!Number.isNaN(Date.parse(first.signed_at)));
        const ids = records.slice(1).map((record) => Number(record[0]));
        assert.equal(new Set(ids).size, 2501);
        assert.equal(records.filter((record) => record[15] === 'honeypot').length, 250);
        const hashes = (
          await app.query<{ email_hash: string }>('SELECT email_hash FROM signatures LIMIT 5')
        ).map((row) => row.email_hash);
        assert.ok(
          hashes.every((hash) => !JSON.stringify(records).includes(hash)),
          'no email hashes',
        );
      });

      it('answers HEAD with the headers and holds nothing: twelve HEADs, then signing and a whole export', {
        timeout: 20_000,
      }, async () => {
        // Hono answers HEAD with the GET's headers and drops its body unread and uncancelled: an
        // export that took its database connection up front kept it (ten took PostgreSQL's pool).
        const app = await open();
        for (let n = 0; n < 12; n++) {
          const head = await app.admin('/campaigns/el-salvador/signatures.csv', { method: 'HEAD' });
          assert.equal(head.status, 200);
          assert.match(head.headers.get('content-type') ?? '', /^text\/csv/);
        }
        assert.equal((await app.sign(validBody())).status, 201);
        assert.equal((await download(app.admin, 'signatures')).length, 2);
      });

      it('lets signing go on while an export streams', async () => {
        const app = await open();
        await app.insertRows(5000);
        const response = await app.admin('/campaigns/el-salvador/signatures.csv');
        const reader = response.body!.getReader();
        await reader.read();
        assert.equal((await app.sign(validBody())).status, 201, 'a write between chunks succeeds');
        let bytes = 0;
        for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
          bytes += chunk.value.length;
        assert.ok(bytes > 100_000);
      });
    });
  });
}
