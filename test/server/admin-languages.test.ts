/**
 * GET /api/admin/languages: the languages this server speaks, each with its direction and its
 * interface texts (what the console offers and previews); an admin's route, closed to a partner
 * key (partner-keys.test.ts walks every route) and to a caller without a key.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { interfaceStrings, LANGUAGES } from '../../server/i18n/languages.ts';
import { openApp } from './engine-app.ts';

describe('GET /api/admin/languages', () => {
  it('lists every language file with its direction and its interface texts', async () => {
    const app = await openApp('sqlite');
    const response = await app.admin('/languages');
    assert.equal(response.status, 200);
    const { data } = await response.json();
    assert.deepEqual(
      data.map((language: { tag: string }) => language.tag),
      LANGUAGES,
    );
    const arabic = data.find((language: { tag: string }) => language.tag === 'ar');
    assert.equal(arabic.dir, 'rtl');
    assert.deepEqual(arabic.strings, interfaceStrings('ar'));
    assert.equal(data.find((language: { tag: string }) => language.tag === 'en').dir, 'ltr');
    assert.equal((await app.request('/api/admin/languages')).status, 401);
  });
});
