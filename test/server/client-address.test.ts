/**
 * Who the client is behind proxies (server/client.ts, server/network/): the right-most
 * X-Forwarded-For address not added by a trusted proxy, IPv6 keyed by /64, and a limiter whose
 * memory stays bounded under a flood of distinct addresses.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseSettings } from '../../server/config/settings.ts';
import { addressKey } from '../../server/network/ip-address.ts';
import type { TrustProxy } from '../../server/network/trust-proxy.ts';
import { parseTrustProxy, pickClient } from '../../server/network/trust-proxy.ts';
import { RateLimiter } from '../../server/http/rate-limit.ts';
import type { Running } from '../../server/runtime/server.ts';
import { SERVER_BUNDLE } from '../fixtures/spawn-server.ts';
import { EACH_ENGINE, startServerOn } from './engine-app.ts';
import { minuteWithRoom, tempDir, validBody } from './helpers.ts';

const trust = (value: string) => parseTrustProxy(value) as TrustProxy;

describe('PETITION_TRUST_PROXY', () => {
  it('takes off, a hop count, or addresses and CIDRs; anything else stops the server with one line', () => {
    assert.deepEqual(trust('off'), { kind: 'off' });
    assert.deepEqual(trust('2'), { kind: 'hops', hops: 2 });
    assert.equal(trust('127.0.0.1, 10.0.0.0/8, ::1, 2001:db8::/32').kind, 'list');
    for (const wrong of ['on', '0', 'yes', '10.0.0.0/33', '10.0.0.0/8/1', '::1/129', '1.2.3']) {
      const parsed = parseSettings({ PETITION_TRUST_PROXY: wrong });
      assert.ok('error' in parsed, wrong);
      assert.match(
        parsed.error,
        /^Invalid setting PETITION_TRUST_PROXY: .*(CIDR|hop count|prefix|no longer)/,
        wrong,
      );
    }
    const run = spawnSync(process.execPath, [SERVER_BUNDLE], {
      env: {
        ...process.env,
        PETITION_TRUST_PROXY: 'on',
        DATABASE_PATH: path.join(tempDir(), 'never.db'),
      },
      encoding: 'utf8',
      // A server that wrongly starts is stopped rather than left to hang the test.
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1);
    assert.match(run.stderr, /PETITION_TRUST_PROXY: "on" is no longer accepted/);
  });

  it('refuses a prefix wider than /8 (IPv4) or /32 (IPv6): it would trust what any client forges', () => {
    for (const wide of [
      '0.0.0.0/0,::/0',
      '0.0.0.0/0',
      '::/0',
      '10.0.0.0/7',
      '2001:db8::/31',
      '::ffff:0.0.0.0/96',
      '127.0.0.1, 128.0.0.0/1',
    ]) {
      const parsed = parseSettings({ PETITION_TRUST_PROXY: wide });
      assert.ok('error' in parsed, wide);
      assert.match(
        parsed.error,
        /^Invalid setting PETITION_TRUST_PROXY: "[^"]+" is wider than \/(8|32)[^\n]*forge/,
        wide,
      );
    }
    for (const narrow of ['10.0.0.0/8', '2001:db8::/32', '::ffff:10.0.0.0/104', '127.0.0.1'])
      assert.equal(trust(narrow).kind, 'list', narrow);
    const run = spawnSync(process.execPath, [SERVER_BUNDLE], {
      env: {
        ...process.env,
        PETITION_TRUST_PROXY: '0.0.0.0/0,::/0',
        DATABASE_PATH: path.join(tempDir(), 'never.db'),
      },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 1);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /PETITION_TRUST_PROXY: "0\.0\.0\.0\/0" is wider than \/8/);
  });

  it('walks from the right: hops trust that many entries, a list skips trusted addresses', () => {
    const header = '6.6.6.6, 203.0.113.9, 10.0.0.2';
    assert.equal(pickClient(trust('off'), '10.0.0.1', header), '10.0.0.1');
    assert.equal(pickClient(trust('1'), '10.0.0.1', header), '10.0.0.2');
    assert.equal(pickClient(trust('2'), '10.0.0.1', header), '203.0.113.9');
    assert.equal(
      pickClient(trust('9'), '10.0.0.1', header),
      '6.6.6.6',
      'fewer entries than hops: the left-most',
    );
    assert.equal(pickClient(trust('10.0.0.0/8'), '10.0.0.1', header), '203.0.113.9');
    assert.equal(
      pickClient(trust('10.0.0.0/8'), '::ffff:10.0.0.1', header),
      '203.0.113.9',
      'an IPv4-mapped socket',
    );
    assert.equal(
      pickClient(trust('10.0.0.0/8'), '192.0.2.1', header),
      '192.0.2.1',
      'an untrusted socket: no header',
    );
    assert.equal(
      pickClient(trust('::1,2001:db8::/32'), '::1', '2001:db8:9::1, 198.51.100.4, 2001:db8::7'),
      '198.51.100.4',
    );
    assert.equal(pickClient(trust('1'), '10.0.0.1', undefined), '10.0.0.1');
  });

  it('keys IPv6 by its /64 in any spelling, and IPv4-mapped IPv6 as IPv4', () => {
    assert.equal(
      addressKey('2001:db8:1:2:aaaa::1'),
      addressKey('2001:DB8:0001:0002:ffff:ffff:ffff:ffff'),
    );
    assert.equal(addressKey('2001:db8:1:2::1'), '2001:db8:1:2::/64');
    assert.notEqual(addressKey('2001:db8:1:2::1'), addressKey('2001:db8:1:3::1'));
    assert.equal(addressKey('::ffff:203.0.113.9'), '203.0.113.9');
    assert.equal(addressKey('::ffff:cb00:7109'), '203.0.113.9');
    assert.equal(addressKey('[2001:db8:1:2::1]:443'), '2001:db8:1:2::/64');
    assert.equal(addressKey('203.0.113.9:443'), '203.0.113.9');
  });
});

for (const { engine, skip } of EACH_ENGINE) {
  describe(`the client behind a real proxy chain, over HTTP, on ${engine}`, { skip }, () => {
    let running: Running;
    let count: (where?: string) => Promise<number>;
    before(async () => {
      ({ running, count } = await startServerOn(engine, {
        PETITION_BOT_CHECKS: 'off',
        PETITION_RATE_LIMIT: 'on',
        PETITION_TRUST_PROXY: trust('1'),
      }));
    });
    after(() => running.stop());

    const signAs = (forwarded: string) =>
      fetch(`${running.url}/api/campaigns/el-salvador/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwarded },
        body: JSON.stringify(validBody()),
      });

    it('with 1 hop, fifteen signatures "<random>, 203.0.113.9" are one client: ten counted, five flagged', async () => {
      // Sixteen signatures across the limiter's minute would count in two windows (seen: 12).
      await minuteWithRoom(20_000);
      for (let i = 0; i < 15; i++) {
        const random = `${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${i}`;
        assert.equal((await signAs(`${random}, 203.0.113.9`)).status, 201);
      }
      // Then someone else behind the same proxy is a client of their own.
      assert.equal((await signAs('198.51.100.7')).status, 201);
      assert.equal(await count('flagged IS NULL'), 11);
      assert.equal(await count("flagged = 'rate_burst'"), 5);
      const counter = await (
        await fetch(`${running.url}/api/campaigns/el-salvador/counter`)
      ).json();
      assert.equal(counter.signatures, 11);
    });
  });
}

/** Bytes of heap in use after a full collection. */
function heapUsed(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
}

describe('the rate-limit maps', () => {
  it('stay bounded under a flood of a million distinct addresses, and keep the heavy clients', (t) => {
    const limiter = new RateLimiter({ burst: 10, sustained: 100, flood: 120 });
    const now = Date.UTC(2026, 0, 1, 12, 0, 30);
    for (let i = 0; i < 5; i++) limiter.check('regular', now);
    const start = heapUsed();
    const started = performance.now();
    const verdicts = new Map<string, number>();
    for (let i = 0; i < 1_000_000; i++) {
      const kind = limiter.check(`flood-${i}`, now).kind;
      verdicts.set(kind, (verdicts.get(kind) ?? 0) + 1);
    }
    const grown = heapUsed() - start;
    const perCheck = ((performance.now() - started) * 1000) / 1_000_000;
    t.diagnostic(
      `1,000,000 distinct clients: ${limiter.size.minute} tracked, heap +${(grown / 1e6).toFixed(1)} MB, ` +
        `${perCheck.toFixed(2)} us a check`,
    );
    assert.deepEqual(limiter.size, { minute: 100_000, hour: 100_000 });
    assert.ok(grown < 40e6, `heap grew ${grown} bytes`);
    // Each new client takes the place of one seen least (once, longest ago): none is flagged for
    // the window being full, and the client seen five times keeps its count.
    assert.deepEqual(Object.fromEntries(verdicts), { ok: 1_000_000 });
    assert.deepEqual(limiter.check('newcomer', now), { kind: 'ok' });
    for (let i = 0; i < 5; i++) assert.deepEqual(limiter.check('regular', now), { kind: 'ok' });
    assert.deepEqual(limiter.check('regular', now), { kind: 'flag', reason: 'rate_burst' });
    // A new window starts empty.
    assert.deepEqual(limiter.check('flood-1', now + 3_600_000), { kind: 'ok' });
  });

  it('flags no new client for the rest of the hour after a full minute of distinct ones', () => {
    const limiter = new RateLimiter({ burst: 10, sustained: 100, flood: 120, maxClients: 1000 });
    const now = Date.UTC(2026, 0, 1, 12, 0, 30);
    for (let i = 0; i < 5000; i++) limiter.check(`flood-${i}`, now);
    // Later minutes of the same hour: the hour window is full of the flood's clients.
    for (let minute = 1; minute < 59; minute += 7)
      assert.deepEqual(limiter.check(`later-${minute}`, now + minute * 60_000), { kind: 'ok' });
    // Someone signing many times in the hour is still caught, flood or not.
    for (let i = 0; i < 100; i++) limiter.check('steady', now + Math.floor(i / 2) * 60_000);
    for (let i = 0; i < 5000; i++) limiter.check(`flood-again-${i}`, now + 55 * 60_000);
    assert.deepEqual(limiter.check('steady', now + 56 * 60_000), {
      kind: 'flag',
      reason: 'rate_sustained',
    });
  });
});
