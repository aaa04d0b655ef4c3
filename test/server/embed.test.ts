/**
 * Frame mode on the server, on each engine: the frame page (GET /embed/{slug}) carries the
 * campaign's answer and our script, under its own strict policy, framed only by the campaign's
 * allowed origins; what the tag passes on is checked, never echoed raw; and a signature from our
 * own page is taken whatever the allowed origins, attributed to the page that framed it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from '../../server/http/app.ts';
import { makeAsset } from '../../server/http/assets.ts';
import { frameAncestors } from '../../server/http/frame-page.ts';
import { testSettings } from '../../server/config/settings.ts';
import type { TestApp } from './engine-app.ts';
import { EACH_ENGINE } from './engine-app.ts';
import { validBody } from './helpers.ts';

const widget = makeAsset(Buffer.from('/* widget */'), 'text/javascript; charset=utf-8');

/** The engine's app again, over the same storage, with a widget to point the frame page at. */
function withWidget(app: TestApp) {
  const settings = testSettings({ PETITION_BOT_CHECKS: 'off', PETITION_RATE_LIMIT: 'off' });
  const served = createApp({
    storage: app.storage,
    settings,
    secret: app.secret,
    assets: { widget },
    log: () => {},
  });
  return (path: string, init?: RequestInit) => served.request(path, init);
}

/** The campaign's answer the page carries. */
function carried(page: string): { slug: string; lang: string; partner?: { name: string } } {
  const json = /<script type="application\/json" id="petition-campaign">(.*?)<\/script>/s.exec(
    page,
  )?.[1];
  assert.ok(json, 'no campaign answer in the page');
  return JSON.parse(json);
}

const STRICT =
  /^default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'sha256-[\w+/=]+'; base-uri 'none'; form-action 'none'; frame-ancestors (.+)$/;

for (const { engine, skip, open } of EACH_ENGINE) {
  describe(`the frame page on ${engine}`, { skip }, () => {
    it("carries the answer in the reader's language, the partner's opt-in and our script, under a strict policy", async () => {
      const app = await open();
      const created = await app.admin('/campaigns/el-salvador/partners', {
        method: 'POST',
        json: {
          slug: 'oxfam',
          name: 'Oxfam Canada',
          privacyUrl: 'https://www.oxfam.ca/privacy-policy/',
          optInText: { en: 'Yes, Oxfam may email me.' },
        },
      });
      assert.equal(created.status, 201);
      const request = withWidget(app);
      const query =
        '?lang=fr-CA,en&partner=oxfam&theme=dark&accent=%23ff0&origin=https://partner.example&source=x';
      const response = await request(`/embed/el-salvador${query}`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.equal(response.headers.get('x-frame-options'), null);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.equal(STRICT.exec(csp)?.[1], '*', csp);
      const page = await response.text();
      const answer = carried(page);
      assert.equal(answer.slug, 'el-salvador');
      assert.equal(answer.lang, 'fr');
      assert.equal(answer.partner?.name, 'Oxfam Canada');
      assert.match(page, /<html lang="fr" dir="ltr">/);
      const tag = /<script src="[^"]*"[^>]*><\/script>/.exec(page)?.[0];
      assert.equal(
        tag,
        `<script src="/widget.js?v=${widget.hash}" data-campaign="el-salvador" data-lang="fr" data-isolation="framed" data-partner="oxfam" data-theme="dark" data-accent="#ff0" data-parent="https://partner.example"></script>`,
      );
    });

    it("is framed only by the campaign's allowed origins, once it lists some", async () => {
      const app = await open();
      const patched = await app.admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { allowedOrigins: ['https://partner.example', 'http://localhost:8788'] },
      });
      assert.equal(patched.status, 200);
      const csp = (await withWidget(app)('/embed/el-salvador')).headers.get(
        'content-security-policy',
      );
      assert.equal(STRICT.exec(csp ?? '')?.[1], 'https://partner.example http://localhost:8788');
    });

    it('passes on only words, colours and origins, and keeps every text inside its element', async () => {
      const app = await open();
      const texts = app.campaign.texts;
      await app.campaigns.update(app.campaign.id, {
        texts: { ...texts, en: { ...texts.en!, title: '</script><script>alert(1)</script>' } },
      });
      const hostile = encodeURIComponent('"><script>alert(2)</script>');
      const page = await (
        await withWidget(app)(
          `/embed/el-salvador?lang=en&theme=${hostile}&partner=${hostile}&accent=${hostile}&origin=javascript:alert(3)`,
        )
      ).text();
      assert.doesNotMatch(page, /<script>alert/);
      assert.doesNotMatch(page, /data-(theme|partner|accent|parent)=/);
      assert.match(
        page,
        /<title>&lt;\/script&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/,
      );
      assert.equal(carried(page).slug, 'el-salvador', 'the JSON is whole');
    });

    it('404s an unknown campaign, a draft one, and a widget not built', async () => {
      const app = await open();
      const request = withWidget(app);
      assert.equal((await request('/embed/nope')).status, 404);
      assert.equal((await app.request('/embed/el-salvador')).status, 404, 'no widget.js');
      await app.campaigns.update(app.campaign.id, { status: 'draft' });
      assert.equal((await request('/embed/el-salvador')).status, 404);
    });

    it('takes a signature from our own page whatever the allowed origins, attributed to the page that framed it', async () => {
      const app = await open();
      await app.admin('/campaigns/el-salvador', {
        method: 'PATCH',
        json: { allowedOrigins: ['https://partner.example'] },
      });
      const source = 'https://partner.example/petition?utm_source=news';
      const own = await app.sign(validBody({ source }), {
        origin: 'https://petitions.example',
        host: 'petitions.example',
      });
      assert.equal(own.status, 201, 'Origin is the Host');
      const fetched = await app.sign(validBody({ source }), {
        origin: 'https://petitions.example',
        host: 'petition.internal:8787',
        'sec-fetch-site': 'same-origin',
      });
      assert.equal(fetched.status, 201, 'Sec-Fetch-Site says so behind a proxy');
      const rows = await app.query<{ origin: string; utm: string }>(
        'SELECT origin, utm FROM signatures',
      );
      assert.deepEqual(
        rows.map((row) => row.origin),
        ['https://partner.example', 'https://partner.example'],
      );
      const foreign = await app.sign(validBody(), {
        origin: 'https://evil.example',
        host: 'petitions.example',
        'sec-fetch-site': 'cross-site',
      });
      assert.equal(foreign.status, 403);
      const forged = await app.sign(validBody(), {
        origin: 'https://evil.example',
        host: 'evil.example:443',
      });
      assert.equal(forged.status, 403, 'a port makes it another host');
    });
  });
}

describe('frame-ancestors', () => {
  it('names the allowed origins, drops anything else, and is * for a campaign that lists none', () => {
    assert.equal(frameAncestors([]), '*');
    assert.equal(
      frameAncestors(['https://a.example', "https://b.example; script-src 'unsafe-inline'"]),
      'https://a.example',
    );
    assert.equal(frameAncestors(['not an origin']), "'none'");
  });
});
