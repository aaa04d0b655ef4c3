/**
 * One person, however their address is dressed (server/contract/email.ts, secrets/email-hash.ts,
 * the engines' email-identity.ts): invisible characters and look-alike letters are refused in
 * addresses and names (but not the joiners Persian and the Brahmic scripts spell with), full-width
 * and case variants count as the person already counted, erasure search finds them, and rows an
 * older version hashed the old way are rehashed when the database is opened. On both engines.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { emailIdentity, emailLookAlike } from '../../server/contract/email.ts';
import { keyedHash } from '../../server/secrets/crypto.ts';
import { emailHash } from '../../server/secrets/email-hash.ts';
import { testSettings } from '../../server/config/settings.ts';
import { openServerStorage } from '../../server/runtime/open-storage.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE, openApp } from './engine-app.ts';
import { validBody } from './helpers.ts';

/** Addresses that are `ann@example.org` to the eye, and were each counted once more. */
const HIDDEN = {
  'zero-width space': 'ann\u200b@example.org',
  'zero-width joiner': 'a\u200dnn@example.org',
  'left-to-right mark': 'ann\u200e@example.org',
  'right-to-left mark': '\u200fann@example.org',
  'soft hyphen': 'an\u00adn@example.org',
  'word joiner': 'ann\u2060@example.org',
  'byte order mark': 'ann\ufeff@example.org',
  'Hangul filler': 'ann\u3164@example.org',
  'Cyrillic a': '\u0430nn@example.org',
  'Greek alpha': '\u03b1nn@example.org',
  'Cyrillic a in the domain': 'ann@ex\u0430mple.org',
  'Arabic-Indic digit': 'ann\u0661@example.org',
};

/** Addresses that are the same mailbox, spelt another way: already signed. */
const SAME = [
  '\uff41\uff4e\uff4e@example.org',
  'ANN@\uff25\uff38\uff21\uff2d\uff30\uff2c\uff25.org',
];

/** Names that hide or reverse something, and real names that need a joiner. */
const HIDING_NAMES = [
  'Ann\u200b',
  'A\u200dnn',
  'Ann\u200e',
  '\u061cAnn',
  'An\u00adn',
  'Ann\u2060',
  'An\ufeffn',
  'Ann\u{e0041}',
  '\u3164',
  '\u200c\u0639\u0644\u06cc',
];
const JOINED_NAMES = {
  Persian: '\u0639\u0644\u06cc\u200c\u0631\u0636\u0627',
  Hindi: '\u0915\u094d\u200d\u0937\u093e',
  Malayalam: '\u0d05\u0d35\u0d28\u0d4d\u200d',
  Sinhala: '\u0dc1\u0dca\u200d\u0dbb\u0dd3',
  Mongolian: '\u182a\u1820\u1836\u180e\u1820',
};

describe('email identity (no server)', () => {
  it('folds width, case and invisible characters into one identity; ASCII as before', () => {
    assert.equal(emailIdentity('\uff21\uff4e\uff4e@\uff25xample.ORG'), 'ann@example.org');
    assert.equal(emailIdentity('ann\u200b@example.org'), 'ann@example.org');
    const secret = Buffer.alloc(32, 1);
    for (const ascii of ['Ada.Lovelace+x@Example.ORG', 'a_b-c@d.example'])
      assert.equal(emailHash(secret, ascii), keyedHash(secret, 'email', ascii.toLowerCase()));
  });

  it('allows one script in each part, and the CJK mixes written every day', () => {
    for (const fine of [
      'анна@example.ru',
      '山田たろう@example.jp',
      'taro山田@example.jp',
      'josé.müller@example.de',
      'ᏣᎳᎩ@example.org',
      '\u0645\u062d\u0645\u062f@example.org',
    ])
      assert.equal(emailLookAlike(fine), null, fine);
    for (const [what, address] of Object.entries(HIDDEN))
      assert.notEqual(emailLookAlike(address.normalize('NFKC')), null, what);
  });
});

/** A 422 naming `field` as invalid, echoing nothing of what was sent. */
async function refused(response: Response, field: string, sent: string) {
  assert.equal(response.status, 422, `${field}: ${JSON.stringify(sent)}`);
  const text = await response.text();
  const problem = JSON.parse(text);
  assert.deepEqual(
    problem.errors.map((error: { field: string; code: string }) => [error.field, error.code]),
    [[field, 'invalid']],
  );
  assert.ok(!text.includes(sent) && !text.includes('ann') && !text.includes('Ann'), text);
}

const search = async (app: TestApp, email: string) =>
  (
    await (
      await app.admin(`/campaigns/${app.campaign.slug}/signatures/search`, {
        method: 'POST',
        json: { email },
      })
    ).json()
  ).data as { id: number; email: string; flagged: string | null }[];

const counted = async (app: TestApp) =>
  (await (await app.request(`/api/campaigns/${app.campaign.slug}/counter`)).json()).signatures;

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`one person, one signature, on ${engine}`, { skip }, () => {
    it('refuses addresses that hide a character or mix look-alike letters, with a 422 that echoes nothing', async () => {
      const app = await open();
      assert.equal((await app.sign(validBody({ email: 'ann@example.org' }))).status, 201);
      for (const address of Object.values(HIDDEN))
        await refused(await app.sign(validBody({ email: address })), 'email', address);
      for (const address of SAME) {
        const answer = await app.sign(validBody({ email: address }));
        assert.equal(answer.status, 200, address);
        assert.equal((await answer.json()).status, 'already_signed');
      }
      assert.equal(await app.count(), 1);
      assert.equal(await counted(app), 1);
      const [row] = await app.query<{ email: string }>('SELECT email FROM signatures');
      assert.equal(row.email, 'ann@example.org');
    });

    it('refuses names that hide a character, and keeps the joiners real names are spelt with', async () => {
      const app = await open();
      for (const field of ['firstName', 'lastName', 'city'])
        for (const value of HIDING_NAMES)
          await refused(await app.sign(validBody({ [field]: value })), field, value);
      for (const [language, name] of Object.entries(JOINED_NAMES)) {
        const answer = await app.sign(validBody({ firstName: name, city: name }));
        assert.equal(answer.status, 201, language);
      }
      const names = await app.query<{ first_name: string }>(
        'SELECT first_name FROM signatures ORDER BY id',
      );
      assert.deepEqual(
        names.map((row) => row.first_name),
        Object.values(JOINED_NAMES),
        'stored as typed',
      );
    });

    it('finds a person by any spelling of their address', async () => {
      const app = await open();
      await app.sign(validBody({ email: 'Ann@example.org' }));
      for (const spelling of [
        'ann@example.org',
        '\uff21\uff2e\uff2e@EXAMPLE.org',
        'ann\u200b@example.org',
      ])
        assert.equal((await search(app, spelling)).length, 1, spelling);
    });

    it('rehashes rows an older version stored, on opening: found, deduplicated, erased whole', async () => {
      let app = await open();
      const fullWidth = '\uff41\uff4e\uff4e@example.org';
      const hidden = 'bob\u200b@example.org';
      // Stored as the older version stored them: NFC, the old hash of the lower-cased address.
      const old = (email: string) => keyedHash(app.secret, 'email', email.toLowerCase());
      assert.equal(
        (await app.sign(validBody({ email: 'x1@example.org' }), { 'idempotency-key': 'old-key-1' }))
          .status,
        201,
      );
      await app.sign(validBody({ email: 'bob@example.org' }));
      await app.sign(validBody({ email: 'x2@example.org' }));
      const rows = await app.query<{ id: number }>('SELECT id FROM signatures ORDER BY id');
      await app.query(
        'UPDATE signatures SET email = ?, email_hash = ? WHERE id = ?',
        fullWidth,
        old(fullWidth),
        rows[0].id,
      );
      await app.query('UPDATE idempotency_keys SET email_hash = ?', old(fullWidth));
      await app.query(
        'UPDATE signatures SET email = ?, email_hash = ? WHERE id = ?',
        hidden,
        old(hidden),
        rows[2].id,
      );
      // An older version never marked its database (this one marks a new one when it opens it).
      await app.query("DELETE FROM settings WHERE key = 'email_identity'");
      assert.equal(await counted(app), 3, 'bob counted twice, as the older version let him be');
      const { location, secret } = app;
      await app.close();

      // What a server (or the CLI) does on opening the database.
      const settings =
        engine === 'sqlite'
          ? testSettings({ DATABASE_PATH: location })
          : testSettings({ DATABASE_URL: location, PETITION_SECRET: secret.toString('utf8') });
      const opened = await openServerStorage(settings, () => {});
      await opened.storage.close();

      app = await openApp(engine, { location });
      assert.equal(await counted(app), 2, 'bob counts once');
      const bob = await search(app, 'bob@example.org');
      assert.deepEqual(
        bob.map((row) => [row.id, row.flagged]),
        [
          [rows[1].id, null],
          [rows[2].id, 'duplicate'],
        ],
      );
      const audit = await (await app.admin(`/campaigns/${app.campaign.slug}/audit`)).json();
      assert.ok(
        audit.data.some(
          (entry: { signatureId: number; flag: string }) =>
            entry.signatureId === rows[2].id && entry.flag === 'duplicate',
        ),
        'the duplicate flag is audited',
      );
      const again = await app.sign(validBody({ email: 'ann@example.org' }));
      assert.equal(again.status, 200, 'the full-width signer of old is the same person');
      assert.deepEqual(
        (await search(app, 'ann@example.org')).map((row) => row.id),
        [rows[0].id],
      );
      assert.equal(
        (await app.admin(`/signatures/${rows[0].id}`, { method: 'DELETE' })).status,
        200,
      );
      assert.equal(
        (await app.query<{ n: number }>('SELECT count(*) AS n FROM idempotency_keys'))[0].n,
        0,
        'the idempotency record went with its person',
      );
    });
  });
}
