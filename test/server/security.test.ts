/**
 * Who gets in: every admin route, taken from the router itself, refuses a missing, wrong,
 * revoked or query-string key, on each engine; comparing keys takes the same time however much of
 * a key is right.
 * (The walk with a partner key, on both engines, is in partner-keys.test.ts.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeEqual } from '../../server/secrets/crypto.ts';
import { adminRoutesOf } from './admin-routes.ts';
import { EACH_ENGINE } from './engine-app.ts';

const TOKEN = 'admin-token-for-tests-0123456789abcdef';

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`admin keys on ${engine}`, { skip }, () => {
    it('refuses every admin route without a valid key, and lets a valid one through', async () => {
      const app = await open({ settings: { PETITION_ADMIN_TOKEN: TOKEN } });
      const live = await app.keys.create('live');
      const revoked = await app.keys.create('revoked');
      await app.keys.revoke(revoked.id);
      const routes = adminRoutesOf(app.routes);
      assert.ok(routes.length >= 10, `${routes.length} admin routes found in the router`);
      const refusals: [string, Record<string, string>, string][] = [
        ['no key', {}, ''],
        ['a wrong key', { authorization: 'Bearer pk_wrongwrongwrongwrongwrong' }, ''],
        ['a revoked key', { authorization: `Bearer ${revoked.key}` }, ''],
        ['a key with one character more', { authorization: `Bearer ${live.key}x` }, ''],
        ['the token, one character short', { authorization: `Bearer ${TOKEN.slice(0, -1)}` }, ''],
        [
          'basic auth',
          { authorization: `Basic ${Buffer.from(`admin:${live.key}`).toString('base64')}` },
          '',
        ],
        [
          'a key in the query string',
          {},
          `?key=${live.key}&access_token=${live.key}&token=${TOKEN}`,
        ],
      ];
      for (const { method, path } of routes) {
        for (const [what, headers, query] of refusals) {
          const response = await app.request(path + query, {
            method,
            headers: { 'content-type': 'application/json', ...headers },
            body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
          });
          assert.equal(response.status, 401, `${method} ${path} with ${what}`);
          assert.match(
            response.headers.get('www-authenticate') ?? '',
            /^Bearer/,
            `${method} ${path} challenge`,
          );
          assert.equal(response.headers.get('content-type'), 'application/problem+json');
        }
        for (const key of [live.key, TOKEN]) {
          const headers = {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            origin: 'https://evil.example',
          };
          const response = await app.request(path, {
            method,
            headers,
            body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
          });
          assert.notEqual(response.status, 401, `${method} ${path} refuses a valid key`);
          assert.equal(
            response.headers.get('access-control-allow-origin'),
            null,
            'no page may read admin answers',
          );
          assert.ok(response.status < 500, `${method} ${path} -> ${response.status}`);
          // Read to the end: an export left unread holds its PostgreSQL connection and snapshot.
          await response.arrayBuffer();
        }
      }
    });
  });
}

describe('admin authentication', () => {
  it('compares keys in constant time: a nearly right key takes as long as a wholly wrong one', () => {
    // Long values make an early-exit compare measurable; the medians of interleaved batches are
    // compared, so the shared machine's noise hits both sides alike.
    const secret = 'k'.repeat(4096);
    const nearlyRight = 'k'.repeat(4095) + 'x';
    const wrong = 'x' + 'k'.repeat(4095);
    const time = (compare: (a: string, b: string) => boolean, guess: string) => {
      const start = process.hrtime.bigint();
      for (let i = 0; i < 200; i++) compare(guess, secret);
      return Number(process.hrtime.bigint() - start);
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
    const ratio = (compare: (a: string, b: string) => boolean) => {
      const near: number[] = [];
      const far: number[] = [];
      for (let batch = 0; batch < 10; batch++) time(compare, batch % 2 ? nearlyRight : wrong); // warm up the JIT
      for (let batch = 0; batch < 101; batch++) {
        // Alternate which goes first, so neither side always runs on a warmer cache.
        if (batch % 2) {
          near.push(time(compare, nearlyRight));
          far.push(time(compare, wrong));
        } else {
          far.push(time(compare, wrong));
          near.push(time(compare, nearlyRight));
        }
      }
      return median(near) / median(far);
    };
    assert.equal(safeEqual(nearlyRight, secret), false);
    assert.equal(safeEqual(secret, secret), true);
    const ours = ratio(safeEqual);
    // For contrast: a plain char-by-char compare, which stops at the first difference.
    const naive = ratio((a, b) => {
      if (a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
      return true;
    });
    console.log(
      `time(nearly right) / time(wholly wrong): safeEqual ${ours.toFixed(2)}, early-exit compare ${naive.toFixed(2)}`,
    );
    // An early exit shows as a ratio in the hundreds here; noise on a loaded shared machine has
    // reached 2.2 (load 15 on 2 cores), so the bound is a factor of five: still far below an exit.
    assert.ok(ours > 0.2 && ours < 5, `safeEqual's timing depends on the guess: ratio ${ours}`);
    assert.ok(naive > 5, 'the measurement can see an early exit');
  });
});
