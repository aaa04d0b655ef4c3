/**
 * Where the signers are, on each engine: places merged by normalisation in the admin stats
 * ("Montréal", "montreal ", "MONTREAL" one city; "Canada", "canadá", "CA" one country), and the
 * public GET /api/campaigns/{slug}/places, which names a city only with 10 signers or more.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryKey, placeKey } from '../../server/storage/place-names.ts';
import { EACH_ENGINE } from './engine-app.ts';
import type { TestApp } from './engine-app.ts';

/**
 * 40 rows (First0..First39; First9, 19, 29, 39 flagged): 0-13 Montréal typed three ways in
 * Canada typed two ways (13 counted, "Montréal" the most typed), 14-22 Toronto, CA (8 counted),
 * 23-39 Lyon, France (15 counted).
 */
async function places(app: TestApp) {
  await app.insertRows(40);
  const n = 'CAST(substr(first_name, 6) AS INTEGER)';
  await app.query(`UPDATE signatures SET
    city = CASE WHEN ${n} <= 13 THEN (CASE ${n} % 3 WHEN 1 THEN 'Montréal' WHEN 2 THEN 'montreal '
             ELSE 'MONTREAL' END)
           WHEN ${n} <= 22 THEN 'Toronto' ELSE 'Lyon' END,
    country = CASE WHEN ${n} <= 13 THEN (CASE ${n} % 2 WHEN 0 THEN 'Canada' ELSE ' canadá' END)
           WHEN ${n} <= 22 THEN 'CA' ELSE 'France' END`);
}

describe('place names', () => {
  it('are counted without case, accents or extra spaces; countries by ISO code', () => {
    assert.equal(placeKey('Montréal'), placeKey('  MONTREAL '));
    assert.equal(placeKey('São   Paulo'), placeKey('sao paulo'));
    for (const typed of ['Canada', 'canadá', 'Kanada', 'ca', 'CA '])
      assert.equal(countryKey(typed), 'CA');
    assert.equal(countryKey('El Salvador'), 'SV');
    assert.equal(countryKey('المغرب'), 'MA');
    assert.equal(countryKey('Narnia'), 'narnia', 'unknown text kept, not dropped');
    assert.equal(countryKey(null), null);
  });
});

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`places on ${engine}`, { skip }, () => {
    it('admin stats merge a place typed differently into one, named as most typed it', async () => {
      const app = await open();
      await places(app);
      const stats = await (await app.admin('/campaigns/el-salvador/stats')).json();
      assert.deepEqual(stats.byCountry, [
        { country: 'CA', signatures: 21 },
        { country: 'FR', signatures: 15 },
      ]);
      assert.deepEqual(stats.byCity, [
        { country: 'FR', city: 'Lyon', signatures: 15 },
        { country: 'CA', city: 'Montréal', signatures: 13 },
        { country: 'CA', city: 'Toronto', signatures: 8 },
      ]);
    });

    it('answers the public with countries, and cities of 10 signers or more only', async () => {
      const app = await open();
      await places(app);
      const response = await app.request('/api/campaigns/el-salvador/places', {
        headers: { origin: 'https://elsewhere.example' },
      });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=60');
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      const body = await response.json();
      assert.deepEqual(body, {
        slug: 'el-salvador',
        countries: [
          { country: 'CA', signatures: 21 },
          { country: 'FR', signatures: 15 },
        ],
        cities: [
          { country: 'FR', city: 'Lyon', signatures: 15 },
          { country: 'CA', city: 'Montréal', signatures: 13 },
        ],
        minCitySigners: 10,
      });
      assert.ok(!JSON.stringify(body).includes('Toronto'), 'a city of 8 is not named');
      assert.equal((await app.request('/api/campaigns/nope/places')).status, 404);
    });

    it('is not served for a draft campaign', async () => {
      const app = await open();
      const patched = await app.admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { status: 'draft' },
      });
      assert.equal(patched.status, 200);
      assert.equal((await app.request('/api/campaigns/el-salvador/places')).status, 404);
    });
  });
}
